package com.unifiedcommerce.loyalty.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class PointsRulesTest {

    private static final Tier BASE = new Tier("BASE", 0, 100);
    private static final Tier SILVER = new Tier("SILVER", 50_000, 125);
    private static final Tier GOLD = new Tier("GOLD", 150_000, 150);
    private static final TierPolicy POLICY = new TierPolicy(List.of(GOLD, BASE, SILVER));
    private static final EarnRule ONE_PER_EURO = new EarnRule(1, 100);

    @Test
    void pointsAreTheFlooredProductOfPaidMoneyRateAndMultiplier() {
        assertEquals(19, ONE_PER_EURO.points(1_999, BASE));
        assertEquals(24, ONE_PER_EURO.points(1_999, SILVER), "19.99 x 1.25 = 24.98");
        assertEquals(29, ONE_PER_EURO.points(1_999, GOLD), "19.99 x 1.5 = 29.98");
        assertEquals(0, ONE_PER_EURO.points(99, BASE));
        assertEquals(150_000_000_000L, ONE_PER_EURO.points(10_000_000_000_000L, GOLD), "no overflow");
        assertThrows(IllegalArgumentException.class, () -> ONE_PER_EURO.points(-1, BASE));
    }

    @Test
    void theTierFollowsQualifyingSpendUpAndDown() {
        assertEquals(BASE, POLICY.tierFor(0));
        assertEquals(BASE, POLICY.tierFor(49_999));
        assertEquals(SILVER, POLICY.tierFor(50_000));
        assertEquals(GOLD, POLICY.tierFor(200_000));
        assertEquals(SILVER, POLICY.tierFor(200_000 - 60_000), "a large return brings GOLD down");
        assertEquals(BASE, POLICY.tierFor(-10), "a reversal below zero is BASE");
    }

    @Test
    void progressNamesWhatIsLeftToTheNextTier() {
        assertEquals(SILVER, POLICY.next(10_000).orElseThrow());
        assertEquals(40_000, POLICY.toNext(10_000));
        assertTrue(POLICY.next(150_000).isEmpty());
        assertEquals(0, POLICY.toNext(500_000));
    }

    @Test
    void aPolicyMustStartAtZeroWithDistinctThresholds() {
        assertThrows(IllegalArgumentException.class, () -> new TierPolicy(List.of(SILVER)));
        assertThrows(IllegalArgumentException.class, () -> new TierPolicy(List.of(BASE, new Tier("OTHER", 0, 110))));
        assertThrows(IllegalArgumentException.class, () -> new Tier("X", 0, 50));
    }
}
