package com.unifiedcommerce.loyalty.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
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

    @Test
    void tiersAreReadFromConfiguration() {
        TierPolicy policy = TierPolicy.parse("BASE:0:100, GOLD:150000:150,SILVER:50000:125");
        assertEquals("SILVER", policy.tierFor(60_000).name());
        assertEquals("BASE", policy.lowest().name());
        assertEquals(150, policy.named("GOLD").orElseThrow().multiplierPercent());
        assertThrows(IllegalArgumentException.class, () -> TierPolicy.parse("BASE:0"));
        assertThrows(IllegalArgumentException.class, () -> TierPolicy.parse("BASE:0:100,GOLD:lots:150"));
        assertThrows(IllegalArgumentException.class, () -> TierPolicy.parse("BASE:0:100,BASE:10:150"));
    }

    @Test
    void expiryTakesWhatIsLeftOfTheOldCreditsButNeverHeldPointsOrADebt() {
        // 100 credited before the cutoff, 30 spent since: 70 of them are left and expire.
        assertEquals(70, Programme.expirable(100, 30, 150, 0));
        // 20 of the 150 are held: at most 130 can go, so still 70.
        assertEquals(70, Programme.expirable(100, 30, 150, 20));
        // All but 10 held: only those 10.
        assertEquals(10, Programme.expirable(100, 30, 150, 140));
        // Spent more than the old credits: nothing old is left.
        assertEquals(0, Programme.expirable(100, 130, 50, 0));
        // A balance below zero (a return took back spent points) never expires further.
        assertEquals(0, Programme.expirable(100, 0, -40, 0));
    }

    @Test
    void theProgrammeNeedsACurrencyAndAPositiveLife() {
        EarnRule earn = new EarnRule(1, 100);
        TierPolicy tiers = new TierPolicy(List.of(BASE));
        assertThrows(
                IllegalArgumentException.class,
                () -> new Programme(
                        "euro", earn, tiers, Duration.ofDays(365), Duration.ofDays(30), Duration.ofDays(365)));
        assertThrows(
                IllegalArgumentException.class,
                () -> new Programme("EUR", earn, tiers, Duration.ZERO, Duration.ofDays(30), Duration.ofDays(365)));
        Programme programme =
                new Programme("EUR", earn, tiers, Duration.ofDays(365), Duration.ofDays(30), Duration.ofDays(365));
        Instant now = Instant.parse("2026-11-23T00:00:00Z");
        assertEquals(Instant.parse("2025-11-23T00:00:00Z"), programme.expiryCutoff(now));
        assertEquals(Instant.parse("2025-12-23T00:00:00Z"), programme.soonCutoff(now));
    }
}
