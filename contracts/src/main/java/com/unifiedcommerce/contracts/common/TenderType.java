package com.unifiedcommerce.contracts.common;

/**
 * How an order was paid; points redeemed are carried separately, as points. RETURN_CREDIT is the
 * refund of a return spent on its exchange order (its reference is the return id); only the
 * returns service pays with it. STORE_CREDIT is never a way to pay.
 */
public enum TenderType {
    CARD,
    CASH,
    GIFT_CARD,
    RETURN_CREDIT,
    /**
     * Refunds only: a return's money paid back as a new gift card instead of to the original
     * tenders (the customer's choice). In a refund plan its reference is the return id; the payment
     * service issues the card and names its code in RefundSettled.providerRef.
     */
    STORE_CREDIT
}
