package com.unifiedcommerce.contracts.loyalty;

import java.time.Instant;

/**
 * A warning: {@code points} of the customer's balance will expire by {@code expiresBy} unless they
 * are spent (the oldest credits first, as expiry takes them). At most one per account per warning
 * window (30 days by default), so a customer hears once per batch, not every hour.
 */
public record PointsExpiring(String customerId, long points, Instant expiresBy) {}
