package com.unifiedcommerce.contracts.loyalty;

/**
 * A return moved points: {@code pointsTakenBack} that its lines had earned, {@code pointsGivenBack}
 * that were spent on them. The balance may go below zero; it is shown, not hidden.
 */
public record PointsReversed(
        String customerId, String returnId, String orderId, long pointsTakenBack, long pointsGivenBack, long balance) {}
