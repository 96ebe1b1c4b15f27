package com.unifiedcommerce.inventory.store;

import java.time.Instant;

import com.unifiedcommerce.inventory.domain.LocationType;

/** A store or distribution centre, where it is (and its postal address, if given), and what it does for customers. */
public record Location(
        String id,
        String name,
        LocationType type,
        double latitude,
        double longitude,
        boolean pickupEnabled,
        boolean acceptsReturns,
        int pickupHoldHours,
        String address,
        Instant updatedAt) {}
