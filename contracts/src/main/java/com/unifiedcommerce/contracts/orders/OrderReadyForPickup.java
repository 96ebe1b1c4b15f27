package com.unifiedcommerce.contracts.orders;

import java.time.Instant;

/** The pickup store has the order ready; the customer is told; it waits until the deadline. */
public record OrderReadyForPickup(String orderId, String customerId, String locationId, Instant pickupDeadline) {}
