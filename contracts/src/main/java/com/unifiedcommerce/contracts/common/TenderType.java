package com.unifiedcommerce.contracts.common;

/**
 * How an order was paid; points redeemed are carried separately, as points. RETURN_CREDIT is the
 * refund of a return spent on its exchange order (its reference is the return id); only the
 * returns service pays with it.
 */
public enum TenderType {
    CARD,
    CASH,
    GIFT_CARD,
    RETURN_CREDIT
}
