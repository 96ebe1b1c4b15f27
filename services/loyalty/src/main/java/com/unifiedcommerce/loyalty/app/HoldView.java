package com.unifiedcommerce.loyalty.app;

import java.time.Instant;

import com.unifiedcommerce.loyalty.store.PointHolds;

/** A points hold as callers see it: HELD, CAPTURED, RELEASED or EXPIRED. */
public record HoldView(
        String reference, String customerId, long points, String status, Instant expiresAt, int attempt) {

    static HoldView of(PointHolds.Hold hold) {
        return of(hold, hold.status());
    }

    static HoldView of(PointHolds.Hold hold, String status) {
        return new HoldView(
                hold.reference(), hold.customerId(), hold.points(), status, hold.expiresAt(), hold.attempt());
    }
}
