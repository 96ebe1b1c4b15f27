package com.unifiedcommerce.contracts.orders;

import java.util.List;

import com.unifiedcommerce.contracts.common.Channel;

/** Shipped lines reached the customer. */
public record OrderDelivered(String orderId, String customerId, Channel channel, List<OrderLine> lines) {}
