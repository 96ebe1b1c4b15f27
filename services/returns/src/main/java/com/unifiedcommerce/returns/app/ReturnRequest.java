package com.unifiedcommerce.returns.app;

import java.util.List;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import com.unifiedcommerce.contracts.common.TenderType;
import com.unifiedcommerce.contracts.returns.ReturnLine;

/**
 * A return (or its quote): lines of one order, received at a store ({@code locationId}) or by mail
 * (no location), each with a reason from the fixed list and the condition the item came back in.
 */
public record ReturnRequest(
        @NotNull @Pattern(regexp = "^[A-Za-z0-9._:-]{1,100}$", message = "must be an order id")
        String orderId,

        @Pattern(regexp = "^[A-Za-z0-9._:-]{1,64}$", message = "must be a location id")
        String locationId,

        @NotEmpty @Size(max = 50) List<@Valid @NotNull LineInput> lines,
        @Valid ExchangeInput exchange,
        /* Where the money goes: back to the order's tenders (the default) or on a new gift card. */
        RefundTo refundTo) {

    /** A return without an exchange or a refund choice (the common case). */
    public ReturnRequest(String orderId, String locationId, List<LineInput> lines, ExchangeInput exchange) {
        this(orderId, locationId, lines, exchange, null);
    }

    public enum RefundTo {
        ORIGINAL_TENDERS,
        /** The customer asked for store credit: the money becomes a new gift card. */
        STORE_CREDIT
    }

    public boolean storeCredit() {
        return refundTo == RefundTo.STORE_CREDIT;
    }

    public enum Reason {
        CHANGED_MIND,
        DEFECTIVE,
        WRONG_ITEM,
        WRONG_SIZE,
        NOT_AS_DESCRIBED,
        ARRIVED_DAMAGED
    }

    public record LineInput(
            @NotNull @Pattern(regexp = "^[A-Za-z0-9._:-]{1,64}$", message = "must be a line id of the order")
            String lineId,

            @NotNull @Min(1) @Max(999) Integer quantity,
            @NotNull Reason reason,
            @NotNull ReturnLine.Condition condition) {}

    /**
     * Replacement items handed over at the receiving store, paid first from this return's refund;
     * {@code payWith} pays the difference when they cost more (its amount exactly that, as quoted).
     */
    public record ExchangeInput(
            @NotEmpty @Size(max = 50) List<@Valid @NotNull ItemInput> lines,
            @Valid TenderInput payWith) {}

    public record ItemInput(
            @NotNull @Pattern(regexp = "^[A-Z0-9][A-Z0-9._-]{0,63}$", message = "must be an upper-case SKU")
            String sku,

            @NotNull @Min(1) @Max(999) Integer quantity) {}

    public record TenderInput(
            @NotNull TenderType type,
            @NotNull @Min(0) @Max(100_000_000_00L) Long amount,

            @NotNull @Pattern(regexp = "^[A-Z]{3}$", message = "must be an ISO 4217 code such as EUR")
            String currency,

            @NotBlank @Size(max = 100) @Pattern(regexp = "^[\\x21-\\x7E]+$", message = "must be visible ASCII")
            String reference) {}
}
