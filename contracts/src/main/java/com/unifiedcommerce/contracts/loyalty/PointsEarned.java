package com.unifiedcommerce.contracts.loyalty;

import com.unifiedcommerce.contracts.common.Channel;

/** Points credited for a picked-up or delivered order; {@code source} is unique per cause. */
public record PointsEarned(
        String customerId,
        long points,
        String source,
        String orderId,
        Channel channel,
        String locationId,
        long balance) {}
