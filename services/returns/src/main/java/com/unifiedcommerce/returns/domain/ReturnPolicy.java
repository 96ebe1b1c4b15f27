package com.unifiedcommerce.returns.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Whether units of an order line may come back: only from a fulfilled order, within the window
 * counted from pickup or delivery (the item's own window when the item master gives one), never
 * a final-sale item, never more units than were bought less those already returned.
 */
public record ReturnPolicy(int defaultWindowDays) {

    public ReturnPolicy {
        if (defaultWindowDays < 0 || defaultWindowDays > 365) {
            throw new IllegalArgumentException("a return window is 0 to 365 days");
        }
    }

    /** What the policy needs to know about one line of the order. */
    public record LineFacts(
            boolean exists, boolean returnable, Integer itemWindowDays, int quantity, int alreadyReturned) {}

    /** The first rule that refuses {@code units} of the line, or nothing when they may come back. */
    public Optional<ReturnRule> refusal(Instant fulfilledAt, Instant now, LineFacts line, int units) {
        if (!line.exists()) {
            return Optional.of(ReturnRule.UNKNOWN_LINE);
        }
        if (fulfilledAt == null) {
            return Optional.of(ReturnRule.NOT_FULFILLED);
        }
        if (!line.returnable()) {
            return Optional.of(ReturnRule.FINAL_SALE);
        }
        int days = line.itemWindowDays() != null ? line.itemWindowDays() : defaultWindowDays;
        if (now.isAfter(fulfilledAt.plus(Duration.ofDays(days)))) {
            return Optional.of(ReturnRule.WINDOW_CLOSED);
        }
        if (units < 1 || units > line.quantity() - line.alreadyReturned()) {
            return Optional.of(ReturnRule.TOO_MANY_UNITS);
        }
        return Optional.empty();
    }
}
