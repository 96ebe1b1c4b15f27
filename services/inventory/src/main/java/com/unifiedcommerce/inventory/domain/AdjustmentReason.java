package com.unifiedcommerce.inventory.domain;

/**
 * Why a manager changes stock by hand, and what each reason may do: a receipt only adds, a
 * count corrects either way, damage and shrink only take away. Damaged units leave on hand for
 * the separate damaged quantity; shrink (theft, loss) leaves the books.
 */
public enum AdjustmentReason {
    RECEIVED,
    COUNT,
    DAMAGED,
    SHRINK;

    /** The most units one adjustment may move: more is a typo, not a delivery. */
    public static final int MAX_UNITS = 100_000;

    /** Null when {@code delta} fits this reason, else why not. */
    public String refusal(int delta) {
        if (delta == 0) {
            return "must not be 0";
        }
        if (Math.abs((long) delta) > MAX_UNITS) {
            return "must be between -" + MAX_UNITS + " and " + MAX_UNITS;
        }
        return switch (this) {
            case RECEIVED -> delta > 0 ? null : "must be positive for RECEIVED";
            case DAMAGED, SHRINK -> delta < 0 ? null : "must be negative for " + name();
            case COUNT -> null;
        };
    }

    /** How the damaged quantity moves with an on-hand change of {@code delta}. */
    public int damagedDelta(int delta) {
        return this == DAMAGED ? -delta : 0;
    }
}
