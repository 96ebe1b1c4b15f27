package com.unifiedcommerce.contracts.common;

/** Where a customer or associate acted. */
public enum Channel {
    WEB,
    MOBILE,
    STORE
}
