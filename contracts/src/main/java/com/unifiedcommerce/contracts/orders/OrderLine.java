package com.unifiedcommerce.contracts.orders;

import com.unifiedcommerce.contracts.common.Fulfilment;
import com.unifiedcommerce.contracts.common.Money;

/**
 * One line as the order ledger recorded it: priced from the item master at checkout, with the
 * points redeemed on it, so returns can refund and reverse exactly.
 */
public record OrderLine(
        String lineId,
        String sku,
        int quantity,
        Money unitPrice,
        Fulfilment fulfilment,
        String locationId,
        long pointsRedeemed,
        boolean returnable) {}
