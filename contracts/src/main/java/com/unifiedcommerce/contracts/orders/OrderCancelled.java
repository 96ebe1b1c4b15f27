package com.unifiedcommerce.contracts.orders;

/**
 * The order will not be fulfilled; its holds of stock and points are to be released.
 * {@code locationId} is the store a pickup order was to be collected at (null for ship orders).
 */
public record OrderCancelled(String orderId, String customerId, Reason reason, String locationId) {

    /** A cancellation that names no store (a ship order, or an event written before they named one). */
    public OrderCancelled(String orderId, String customerId, Reason reason) {
        this(orderId, customerId, reason, null);
    }

    public enum Reason {
        CUSTOMER,
        STORE,
        NO_SHOW,
        HOLD_EXPIRED
    }
}
