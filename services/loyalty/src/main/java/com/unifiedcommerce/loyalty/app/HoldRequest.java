package com.unifiedcommerce.loyalty.app;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/**
 * Points to hold at checkout for an order's reference, until a deadline.
 *
 * @param ttlSeconds how long the hold lasts unless captured or released; 900 when not given
 * @param attempt which attempt of the checkout this is; 0 when not given
 */
public record HoldRequest(
        @NotBlank @Pattern(regexp = HoldRequest.REFERENCE, message = "must be 1 to 100 visible ASCII characters")
        String reference,

        @NotNull @Min(1) @Max(1_000_000) Long points,
        @Min(30) @Max(86_400) Integer ttlSeconds,
        @Min(0) @Max(1_000_000) Integer attempt) {

    /** An order's reference: visible ASCII. */
    public static final String REFERENCE = "^[\\x21-\\x7E]{1,100}$";

    int attemptOrZero() {
        return attempt == null ? 0 : attempt;
    }

    int ttlOrDefault() {
        return ttlSeconds == null ? 900 : ttlSeconds;
    }
}
