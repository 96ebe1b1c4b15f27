package com.unifiedcommerce.order.app;

import java.util.List;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import com.unifiedcommerce.order.app.CheckoutRequest.LineInput;

/**
 * The replacement order of an exchange, placed by the returns service before it commits the
 * return: a counter order at the receiving store, paid first with {@code credit} from the return
 * (a RETURN_CREDIT tender whose reference is the return id) and, when the replacement costs more,
 * with the {@code difference} tender. It waits (PLACED, stock held) until the return's
 * ReturnAccepted hands it over.
 */
public record ExchangeRequest(
        @NotNull @Pattern(regexp = CheckoutRequest.ID, message = CheckoutRequest.ID_MESSAGE)
        String returnId,

        @Pattern(regexp = CheckoutRequest.ID, message = CheckoutRequest.ID_MESSAGE)
        String customerId,

        @NotNull @Pattern(regexp = CheckoutRequest.ID, message = CheckoutRequest.ID_MESSAGE)
        String locationId,

        @NotEmpty @Size(max = 50) List<@Valid @NotNull LineInput> lines,
        @NotNull @Valid CheckoutRequest.MoneyInput credit,
        @Valid CheckoutRequest.TenderInput difference) {}
