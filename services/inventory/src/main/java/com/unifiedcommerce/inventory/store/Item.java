package com.unifiedcommerce.inventory.store;

import java.time.Instant;

import com.unifiedcommerce.contracts.common.Money;

/** An entry of the item master: what is sold, at which list price, and whether it may come back. */
public record Item(
        String sku,
        String name,
        String category,
        Money listPrice,
        boolean returnable,
        Integer returnDays,
        Instant updatedAt) {}
