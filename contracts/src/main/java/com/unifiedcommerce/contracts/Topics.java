package com.unifiedcommerce.contracts;

/** The Kafka topics, one per aggregate type; the record key is always the aggregate id. */
public final class Topics {

    public static final String INVENTORY = "commerce.inventory";
    public static final String ORDERS = "commerce.orders";
    public static final String LOYALTY = "commerce.loyalty";
    public static final String RETURNS = "commerce.returns";
    public static final String CUSTOMERS = "commerce.customers";
    public static final String PAYMENTS = "commerce.payments";

    private Topics() {}
}
