package com.unifiedcommerce.contracts.orders;

/** The order will not be fulfilled; its holds of stock and points are to be released. */
public record OrderCancelled(String orderId, String customerId, Reason reason) {

    public enum Reason {
        CUSTOMER,
        STORE,
        NO_SHOW,
        HOLD_EXPIRED
    }
}
