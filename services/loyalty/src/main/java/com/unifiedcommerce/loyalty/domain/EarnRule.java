package com.unifiedcommerce.loyalty.domain;

import java.math.BigInteger;

/**
 * Points earned on money paid: floor(amount x base rate x tier multiplier), with the base rate
 * in points per whole currency unit (1 point per euro: {@code pointsPerUnit = 1}, 100 minor
 * units per unit). Integers throughout; each order line earns on its own, so a return can take
 * back exactly what that line earned.
 */
public record EarnRule(int pointsPerUnit, int minorUnitsPerUnit) {

    public EarnRule {
        if (pointsPerUnit < 0 || pointsPerUnit > 1_000 || minorUnitsPerUnit <= 0) {
            throw new IllegalArgumentException("points per unit between 0 and 1000, minor units per unit > 0");
        }
    }

    /** Points for {@code paidMinor} paid in money (points spent earn nothing) at the tier's multiplier. */
    public long points(long paidMinor, Tier tier) {
        if (paidMinor < 0) {
            throw new IllegalArgumentException("a paid amount cannot be negative: " + paidMinor);
        }
        return BigInteger.valueOf(paidMinor)
                .multiply(BigInteger.valueOf(pointsPerUnit))
                .multiply(BigInteger.valueOf(tier.multiplierPercent()))
                .divide(BigInteger.valueOf((long) minorUnitsPerUnit * 100))
                .longValueExact();
    }
}
