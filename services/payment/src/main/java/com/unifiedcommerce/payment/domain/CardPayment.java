package com.unifiedcommerce.payment.domain;

import java.time.Instant;
import java.util.UUID;

/**
 * A card tender of one order as the payment service keeps it: what the provider authorised, and
 * what has been captured and refunded since. {@code capturing} and {@code refunding} were asked of
 * the provider and are not yet answered or settled; they count against what is left.
 */
public record CardPayment(
        UUID id,
        String orderId,
        Status status,
        long amount,
        String currency,
        String cardFingerprint,
        String cardLast4,
        String providerRef,
        String declineCode,
        Instant expiresAt,
        long captured,
        long capturing,
        long refunded,
        long refunding) {

    public enum Status {
        /** Asked of the provider, no final answer yet (a retry asks again with the same key). */
        AUTHORISING,
        AUTHORISED,
        DECLINED,
        VOIDED
    }

    /** What may still be captured. */
    public long capturable() {
        return status == Status.AUTHORISED ? amount - captured - capturing : 0;
    }

    /** What may still be refunded. */
    public long refundable() {
        return captured - refunded - refunding;
    }
}
