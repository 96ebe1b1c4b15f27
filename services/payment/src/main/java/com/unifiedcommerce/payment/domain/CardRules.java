package com.unifiedcommerce.payment.domain;

import java.util.Optional;

/**
 * What may be asked of a card payment, decided from its state alone (the caller holds the
 * payment's row lock, so the state cannot change meanwhile). Each rule answers the reason a
 * request is refused, or empty when it may go ahead.
 */
public final class CardRules {

    private CardRules() {}

    public static Optional<String> captureRefusal(CardPayment payment, long amount, boolean voidAsked) {
        if (payment.status() != CardPayment.Status.AUTHORISED) {
            return Optional.of("the payment is " + payment.status() + ", not AUTHORISED");
        }
        if (voidAsked) {
            return Optional.of("the authorisation is being voided");
        }
        if (amount > payment.capturable()) {
            return Optional.of("only " + payment.capturable() + " " + payment.currency() + " is left to capture");
        }
        return Optional.empty();
    }

    public static Optional<String> voidRefusal(CardPayment payment) {
        if (payment.captured() + payment.capturing() > 0) {
            return Optional.of("money was captured: refund it instead");
        }
        if (payment.status() != CardPayment.Status.AUTHORISED) {
            return Optional.of("the payment is " + payment.status() + ", not AUTHORISED");
        }
        return Optional.empty();
    }

    public static Optional<String> refundRefusal(CardPayment payment, long amount) {
        if (amount > payment.refundable()) {
            return Optional.of(
                    "only " + payment.refundable() + " " + payment.currency() + " captured is left to refund");
        }
        return Optional.empty();
    }

    /**
     * A second authorisation for the same order is the same request retried only when it asks for
     * the same amount with the same card; anything else is refused.
     */
    public static Optional<String> authorisationConflict(
            CardPayment existing, long amount, String currency, String cardFingerprint) {
        if (existing.amount() != amount || !existing.currency().equals(currency)) {
            return Optional.of(
                    "the order's card payment was asked for " + existing.amount() + " " + existing.currency());
        }
        if (!existing.cardFingerprint().equals(cardFingerprint)) {
            return Optional.of("the order's card payment was asked of another card");
        }
        return Optional.empty();
    }
}
