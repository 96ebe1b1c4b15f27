package com.unifiedcommerce.contracts.orders;

import com.unifiedcommerce.contracts.common.Fulfilment;
import com.unifiedcommerce.contracts.common.Money;

/**
 * One line as the order ledger recorded it: priced from the item master at checkout, with the
 * points redeemed on it and what it cost in money after those points ({@code paid}, for the
 * whole line), so loyalty earns on money only and returns can refund and reverse exactly.
 */
public record OrderLine(
        String lineId,
        String sku,
        int quantity,
        Money unitPrice,
        Fulfilment fulfilment,
        String locationId,
        long pointsRedeemed,
        boolean returnable,
        Money paid) {}
