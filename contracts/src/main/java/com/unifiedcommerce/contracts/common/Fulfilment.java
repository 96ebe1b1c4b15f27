package com.unifiedcommerce.contracts.common;

/** How an order line reaches the customer. */
public enum Fulfilment {
    /** Collected later at a store (BOPIS). */
    PICKUP,
    /** Sent to an address. */
    SHIP,
    /** Taken at the counter when sold (store sales only). */
    CARRY_OUT
}
