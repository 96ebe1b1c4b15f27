package com.unifiedcommerce.contracts.orders;

import java.util.List;

/** Ship lines left the given location, with the carrier and its tracking number (optional, added within v1). */
public record OrderShipped(
        String orderId, String customerId, String locationId, List<OrderLine> lines, String carrier, String tracking) {}
