package com.unifiedcommerce.contracts.orders;

import java.util.List;

import com.unifiedcommerce.contracts.common.Channel;
import com.unifiedcommerce.contracts.common.Money;

/** An order was committed to the ledger (customerId is null for an anonymous counter sale). */
public record OrderPlaced(
        String orderId,
        String customerId,
        Channel channel,
        String locationId,
        List<OrderLine> lines,
        List<Tender> tenders,
        long pointsRedeemed,
        Money total) {}
