package com.unifiedcommerce.customer.domain;

/** The ways the brand may contact a customer; consent is given or withdrawn per channel. */
public enum ContactChannel {
    EMAIL,
    SMS,
    PUSH,
    POST
}
