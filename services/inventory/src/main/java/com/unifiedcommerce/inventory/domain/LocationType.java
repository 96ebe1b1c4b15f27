package com.unifiedcommerce.inventory.domain;

/** A store sells at the counter and may hand over pickups; a distribution centre ships. */
public enum LocationType {
    STORE,
    DC
}
