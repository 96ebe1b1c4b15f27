package com.unifiedcommerce.contracts.customers;

import com.unifiedcommerce.contracts.common.Channel;

/** A profile exists: signed up online, enrolled at a POS, or created as a guest at the counter. */
public record CustomerRegistered(
        String customerId, Channel channel, String locationId, boolean guest, String loyaltyCard) {}
