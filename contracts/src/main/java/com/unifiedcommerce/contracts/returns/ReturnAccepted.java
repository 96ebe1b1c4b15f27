package com.unifiedcommerce.contracts.returns;

import java.util.List;

import com.unifiedcommerce.contracts.common.Channel;
import com.unifiedcommerce.contracts.common.Money;

/**
 * A return was accepted: received at a store ({@code locationId}) or by mail (null), refunded per
 * original tender, with the points to give back (spent on the lines) and to take back (earned).
 * With an exchange, {@code exchange} names the replacement order, placed beforehand and waiting
 * for this event to be handed over, and the part of the refund it was paid with; {@code refunds}
 * are then what is left to pay back.
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
        long pointsReversed,
        Exchange exchange) {

    /** The replacement order and the credit from this return that paid for it. */
    public record Exchange(String orderId, Money credit) {}
}
