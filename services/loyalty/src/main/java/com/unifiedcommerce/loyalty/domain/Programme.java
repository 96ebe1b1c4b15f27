package com.unifiedcommerce.loyalty.domain;

import java.time.Duration;
import java.time.Instant;

/**
 * The programme's rules in one place: the currency points are earned in, the earn rule, the
 * tiers, and how long points live. Built from configuration ({@code loyalty.programme.*}); plain values, so
 * the rules are tested without anything started.
 */
public record Programme(
        String currency,
        EarnRule earn,
        TierPolicy tiers,
        Duration pointsLive,
        Duration expiringSoon,
        Duration spendWindow) {

    public Programme {
        if (currency == null || !currency.matches("[A-Z]{3}")) {
            throw new IllegalArgumentException("the programme currency must be an ISO 4217 code, not " + currency);
        }
        if (pointsLive.isNegative() || pointsLive.isZero() || expiringSoon.isNegative() || spendWindow.isNegative()) {
            throw new IllegalArgumentException("points must live a positive time; windows cannot be negative");
        }
    }

    /** Points earned at or before this instant have expired by {@code now}. */
    public Instant expiryCutoff(Instant now) {
        return now.minus(pointsLive);
    }

    /** Points earned at or before this instant will have expired by the end of the "soon" window. */
    public Instant soonCutoff(Instant now) {
        return now.plus(expiringSoon).minus(pointsLive);
    }

    /**
     * Points that have outlived their time, oldest first: every point taken from the account
     * (spent, taken back, expired, corrected) is counted against the oldest credits, so what is
     * left of the credits made up to the cutoff expires; never more than is available, so held
     * points and a negative balance are never touched.
     */
    public static long expirable(long creditedUpToCutoff, long debitedEver, long balance, long held) {
        return Math.max(0, Math.min(creditedUpToCutoff - debitedEver, balance - held));
    }

    /** Spend since this instant qualifies for a tier. */
    public Instant spendSince(Instant now) {
        return now.minus(spendWindow);
    }
}
