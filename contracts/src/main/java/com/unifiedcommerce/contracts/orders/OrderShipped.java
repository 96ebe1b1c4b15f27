package com.unifiedcommerce.contracts.orders;

import java.util.List;

/** Ship lines left the given location. */
public record OrderShipped(String orderId, String customerId, String locationId, List<OrderLine> lines) {}
