package com.unifiedcommerce.contracts.customers;

import com.unifiedcommerce.contracts.common.Channel;

/**
 * A customer gave or withdrew consent to be contacted through {@code contactChannel} (EMAIL, SMS,
 * PUSH, POST), in {@code channel}, at a store when {@code locationId} is set.
 */
public record ConsentChanged(
        String customerId, String contactChannel, boolean granted, Channel channel, String locationId) {}
