package com.unifiedcommerce.payment.domain;

import java.time.Instant;
import java.util.UUID;

/**
 * A card tender of one order as the payment service keeps it: what the provider authorised, and
 * what has been captured and refunded since. {@code capturing} and {@code refunding} were asked of
 * the provider and are not yet answered or settled; they count against what is left. The payment
 * belongs to the checkout {@code attempt} that asked for it last; {@code generation} counts its
 * fresh starts (after a decline or a void), each a new request to the provider.
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
        long refunding,
        int attempt,
        int generation,
        Instant abandonedAt) {

    public enum Status {
        /** Asked of the provider, no final answer yet (a retry asks again with the same key). */
        AUTHORISING,
        AUTHORISED,
        DECLINED,
        VOIDED
    }

    /** The merchant reference and idempotency key suffix of this generation at the provider. */
    public String providerReference() {
        return orderId + ":" + generation;
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
