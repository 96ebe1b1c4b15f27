package com.unifiedcommerce.contracts.loyalty;

import com.unifiedcommerce.contracts.common.Channel;

/** Points spent as a tender on an order (a captured hold). */
public record PointsRedeemed(
        String customerId, long points, String source, String orderId, Channel channel, long balance) {}
