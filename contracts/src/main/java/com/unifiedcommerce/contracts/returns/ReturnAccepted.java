package com.unifiedcommerce.contracts.returns;

import java.util.List;

import com.unifiedcommerce.contracts.common.Channel;

/**
 * A return was accepted: received at a store ({@code locationId}) or by mail (null), refunded per
 * original tender, with the points to give back (spent on the lines) and to take back (earned).
 */
public record ReturnAccepted(
        String returnId,
        String orderId,
        String customerId,
        Channel channel,
        String locationId,
        List<ReturnLine> lines,
        List<Refund> refunds,
        long pointsRefunded,
        long pointsReversed) {}
