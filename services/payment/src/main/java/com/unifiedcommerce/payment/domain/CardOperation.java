package com.unifiedcommerce.payment.domain;

import java.util.UUID;

/** A movement asked of the provider for one cause: a capture, a void or a refund. */
public record CardOperation(
        UUID paymentId, Kind kind, String cause, long amount, Status status, String providerRef, String failure) {

    public enum Kind {
        CAPTURE,
        VOID,
        REFUND
    }

    public enum Status {
        /** Recorded, then asked of the provider; no answer recorded yet. */
        REQUESTED,
        /** Accepted by the provider, to be settled (refunds, by webhook). */
        PENDING,
        SUCCEEDED,
        FAILED
    }

    /**
     * The cause of a generation's void: one per authorisation, whatever asked for it (a failed
     * checkout attempt, a cancellation, a no-show), so a void of one generation never stands for a
     * later generation's authorisation.
     */
    public static String voidCause(int generation) {
        return "void-" + generation;
    }

    /** The return that caused this operation, or null when something else did. */
    public String returnId() {
        return Causes.returnOf(cause);
    }

    /** The provider's idempotency key: derived from the cause, so every retry of it is the same request. */
    public String providerKey(String orderId) {
        return kind.name().toLowerCase() + ":" + orderId + ":" + cause;
    }
}
