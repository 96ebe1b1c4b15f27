package com.unifiedcommerce.order.app;

import java.util.List;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

import com.unifiedcommerce.contracts.common.Channel;
import com.unifiedcommerce.contracts.common.Fulfilment;
import com.unifiedcommerce.contracts.common.TenderType;

/**
 * A checkout. Lines name SKUs and quantities only: prices, names and returnability come from the
 * item master (anything else the client sends is ignored). One order has one fulfilment.
 */
public record CheckoutRequest(
        @NotNull Channel channel,
        @Pattern(regexp = ID, message = ID_MESSAGE) String customerId,
        @NotNull Fulfilment fulfilment,
        @Pattern(regexp = ID, message = ID_MESSAGE) String locationId,
        @Valid AddressInput shippingAddress,
        @NotEmpty @Size(max = 50) List<@Valid @NotNull LineInput> lines,
        @Size(max = 5) List<@Valid @NotNull TenderInput> tenders,
        @PositiveOrZero @Max(10_000_000) Long pointsToRedeem,

        /* At the counter, points are spent only with proof the customer is there: the verification
        the customer service confirmed when the customer read back a code sent to them. */
        @Pattern(regexp = "^[0-9a-f-]{36}$", message = "must be the proof the customer service gave")
        String customerProof) {

    static final String ID = "^[A-Za-z0-9._:-]{1,64}$";
    static final String ID_MESSAGE = "must be 1 to 64 of letters, digits, '.', '_', ':' or '-'";

    public record LineInput(
            @NotNull @Pattern(regexp = "^[A-Z0-9][A-Z0-9._-]{0,63}$", message = "must be an upper-case SKU")
            String sku,

            @NotNull @Min(1) @Max(999) Integer quantity) {}

    public record MoneyInput(
            @NotNull @PositiveOrZero @Max(100_000_000_00L) Long amount,

            @NotNull @Pattern(regexp = "^[A-Z]{3}$", message = "must be an ISO 4217 code such as EUR")
            String currency) {}

    public record TenderInput(
            @NotNull TenderType type,
            @NotNull @Valid MoneyInput amount,

            @NotBlank @Size(max = 100) @Pattern(regexp = "^[\\x21-\\x7E]+$", message = "must be visible ASCII")
            String reference) {}

    public record AddressInput(
            @NotBlank @Size(max = 100) String name,
            @NotBlank @Size(max = 200) String line1,
            @Size(max = 200) String line2,
            @NotBlank @Size(max = 20) String postalCode,
            @NotBlank @Size(max = 100) String city,

            @NotNull @Pattern(regexp = "^[A-Z]{2}$", message = "must be an ISO 3166 country code such as FR")
            String country) {}

    public long points() {
        return pointsToRedeem == null ? 0 : pointsToRedeem;
    }

    public List<TenderInput> tendersOrNone() {
        return tenders == null ? List.of() : tenders;
    }
}
