package com.unifiedcommerce.contracts.common;

/** How an order was paid; points redeemed are carried separately, as points. */
public enum TenderType {
    CARD,
    CASH,
    GIFT_CARD
}
