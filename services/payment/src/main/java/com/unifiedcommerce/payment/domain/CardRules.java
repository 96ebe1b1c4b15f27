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

    /** What an authorisation request does to the order's payment as it stands. */
    public sealed interface OnAuthorise {
        /** Authorised already, for this request: answer it. */
        record Use() implements OnAuthorise {}

        /** Ask the provider (again) with this generation's key: it answers its first decision. */
        record Ask() implements OnAuthorise {}

        /** Start a new generation: a new request to the provider. */
        record Restart() implements OnAuthorise {}

        /**
         * Void this generation's authorisation, then start afresh. Either an older attempt that
         * failed asked for the void and its answer is not recorded yet (its caller may be gone), so
         * the void is to be finished ({@code askNow} false); or a newer attempt pays with another
         * card or amount than the live authorisation, which no hand-over has touched, and asks for
         * the void itself ({@code askNow} true).
         */
        record VoidFirst(int generation, boolean askNow) implements OnAuthorise {}

        /** Declined before, for this very request: decline again. */
        record Declined(String code) implements OnAuthorise {}

        /** Refused: a conflict with the payment as it stands. */
        record Refuse(String reason) implements OnAuthorise {}
    }

    /**
     * The newest attempt owns the payment: an older one is refused; a newer one with the same card
     * and amount takes over what is authorised or being authorised (one authorisation for the
     * order, however often checkout is retried), and starts afresh after a void or a decline, or
     * with another card or amount (voiding the authorisation it replaces). An
     * authorisation an older attempt is voiding ({@code voidAsked}) is never taken over: the void
     * is finished first.
     */
    public static OnAuthorise onAuthorise(
            CardPayment payment, int attempt, long amount, String currency, String cardFingerprint, boolean voidAsked) {
        if (attempt < payment.attempt()) {
            return new OnAuthorise.Refuse("a later checkout attempt (" + payment.attempt() + ") owns the payment");
        }
        boolean newer = attempt > payment.attempt();
        Optional<String> conflict = authorisationConflict(payment, amount, currency, cardFingerprint);
        return switch (payment.status()) {
            case DECLINED ->
                newer || conflict.isPresent()
                        ? new OnAuthorise.Restart()
                        : new OnAuthorise.Declined(payment.declineCode());
            case VOIDED ->
                newer ? new OnAuthorise.Restart() : new OnAuthorise.Refuse("the order's card payment was voided");
            case AUTHORISED ->
                voidAsked
                        ? newer
                                ? new OnAuthorise.VoidFirst(payment.generation(), false)
                                : new OnAuthorise.Refuse("the order's card authorisation is being voided")
                        : conflict.isEmpty()
                                ? new OnAuthorise.Use()
                                : newer && payment.captured() + payment.capturing() == 0
                                        ? new OnAuthorise.VoidFirst(payment.generation(), true)
                                        : new OnAuthorise.Refuse(conflict.get());
            case AUTHORISING ->
                conflict.<OnAuthorise>map(OnAuthorise.Refuse::new).orElse(new OnAuthorise.Ask());
        };
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
