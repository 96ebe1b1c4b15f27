package com.unifiedcommerce.inventory.app;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import com.unifiedcommerce.inventory.domain.HoldRequestRules;

/** A hold of stock at one location for a reference: all lines or none, until a deadline. */
public record HoldRequest(
        @NotNull @Pattern(regexp = Patterns.LOCATION, message = Patterns.LOCATION_MESSAGE)
        String locationId,

        @NotBlank @Size(max = 100) @Pattern(regexp = "^[\\x21-\\x7E]+$", message = "must be visible ASCII")
        String reference,

        @Min(HoldRequestRules.MIN_TTL_SECONDS) @Max(HoldRequestRules.MAX_TTL_SECONDS)
        Integer ttlSeconds,

        @NotEmpty @Size(max = HoldRequestRules.MAX_LINES) List<@Valid @NotNull LineInput> lines,

        /* Which attempt of the caller's work this is (a checkout's attempt); 0 when not given. */
        @Min(0) @Max(1_000_000) Integer attempt,

        /*
         * Taken COMMITTED at once (no expiry): the order ledger holding for an order it has
         * recorded as being placed, which saves the separate commit call. Services only.
         */
        Boolean committed,

        /*
         * The item master versions (each item's updatedAt) the caller priced its lines with:
         * the hold is refused (409, changedItems) when any of them changed since, so an order
         * is never placed at a price or on terms the item master no longer gives. Optional.
         */
        @Size(max = HoldRequestRules.MAX_LINES)
        Map<@Pattern(regexp = Patterns.SKU, message = Patterns.SKU_MESSAGE) String, @NotNull Instant> itemVersions) {

    /** One line of a hold (sales and counts use the same shape). */
    public record LineInput(
            @NotNull @Pattern(regexp = Patterns.SKU, message = Patterns.SKU_MESSAGE)
            String sku,

            @NotNull @Min(1) @Max(HoldRequestRules.MAX_QUANTITY)
            Integer quantity) {}

    int attemptOrZero() {
        return attempt == null ? 0 : attempt;
    }

    boolean committedAtOnce() {
        return Boolean.TRUE.equals(committed);
    }
}
