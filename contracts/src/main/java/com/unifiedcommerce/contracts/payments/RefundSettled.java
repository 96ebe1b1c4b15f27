package com.unifiedcommerce.contracts.payments;

import com.unifiedcommerce.contracts.common.Money;
import com.unifiedcommerce.contracts.common.TenderType;

/**
 * A refund reached its end at the payment provider: {@code refunded} true when the money is back
 * on the tender, false when the provider failed it ({@code failure} says why; the amount may be
 * refunded again). {@code cause} is what asked for the refund; {@code returnId} names the return
 * when a return did (null otherwise). Settled once per cause and tender.
 */
public record RefundSettled(
        String orderId,
        String cause,
        String returnId,
        TenderType tender,
        Money amount,
        boolean refunded,
        String failure,
        String providerRef) {}
