package com.unifiedcommerce.loyalty.domain;

/**
 * A loyalty tier: reached at {@code thresholdMinor} of qualifying spend over the last 12 months
 * (minor units of the program currency), earning at {@code multiplierPercent} of the base rate
 * (100 = 1x, 150 = 1.5x).
 */
public record Tier(String name, long thresholdMinor, int multiplierPercent) {

    public Tier {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a tier needs a name");
        }
        if (thresholdMinor < 0 || multiplierPercent < 100 || multiplierPercent > 1_000) {
            throw new IllegalArgumentException(
                    "tier " + name + ": threshold must be >= 0 and multiplier between 100 and 1000 percent");
        }
    }
}
