package com.unifiedcommerce.contracts.orders;

import java.util.List;

import com.unifiedcommerce.contracts.common.Channel;

/** The customer has the goods: collected at a store, or carried out at the counter. */
public record OrderPickedUp(
        String orderId, String customerId, Channel channel, String locationId, List<OrderLine> lines) {}
