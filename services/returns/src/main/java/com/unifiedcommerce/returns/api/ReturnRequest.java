package com.unifiedcommerce.returns.api;

import java.util.List;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

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

        @NotEmpty @Size(max = 50) List<@Valid @NotNull LineInput> lines) {

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
}
