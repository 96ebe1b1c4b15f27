package com.unifiedcommerce.payment.app;

import static com.unifiedcommerce.payment.app.PaymentProblems.declined;
import static com.unifiedcommerce.payment.app.PaymentProblems.unavailable;
import static com.unifiedcommerce.payment.app.PaymentProblems.unexpected;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.unifiedcommerce.payment.client.CardProvider;
import com.unifiedcommerce.payment.client.CardProvider.Outcome;
import com.unifiedcommerce.payment.domain.CardPayment;
import com.unifiedcommerce.payment.domain.CardRules;
import com.unifiedcommerce.payment.store.CardPayments;
import com.unifiedcommerce.platform.problem.ProblemException;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Checkout's side of a card payment: the authorisation, owned by the newest checkout attempt, and
 * what a failed attempt gives back (voided, or abandoned and cancelled at the provider by the
 * sweep when the provider's answer never came). As everywhere here, the intent is recorded before
 * the provider is asked and the answer after, never across the call.
 */
@ApplicationScoped
public class CardAuthorisations {

    @Inject
    Mutiny.SessionFactory sessions;

    @Inject
    CardPayments payments;

    @Inject
    CardProvider provider;

    @Inject
    CardPaymentFlow flow;

    /**
     * Authorises the order's card amount for a checkout attempt; a repeat, or a later attempt with
     * the same card and amount, answers the same authorisation (the provider is asked at most once
     * per generation, however often checkout is retried).
     */
    public Uni<CardPayment> authorise(String orderId, int attempt, long amount, String currency, String cardToken) {
        String fingerprint = fingerprint(cardToken);
        String last4 = cardToken.length() >= 4 ? cardToken.substring(cardToken.length() - 4) : null;
        return inTransaction(session -> payments.begin(session, orderId, attempt, amount, currency, fingerprint, last4)
                        .chain(payment -> switch (CardRules.onAuthorise(
                                payment, attempt, amount, currency, fingerprint)) {
                            case CardRules.OnAuthorise.Use use ->
                                payments.takeOver(session, payment.id(), attempt)
                                        .replaceWith(payment);
                            case CardRules.OnAuthorise.Ask ask ->
                                payments.takeOver(session, payment.id(), attempt)
                                        .chain(() -> payments.byId(session, payment.id()))
                                        .map(Optional::orElseThrow);
                            case CardRules.OnAuthorise.Restart restart ->
                                payments.restart(session, payment.id(), attempt, amount, currency, fingerprint, last4)
                                        .chain(() -> payments.byId(session, payment.id()))
                                        .map(Optional::orElseThrow);
                            case CardRules.OnAuthorise.Declined declined ->
                                Uni.createFrom().failure(declined(declined.code()));
                            case CardRules.OnAuthorise.Refuse refuse ->
                                Uni.createFrom()
                                        .failure(
                                                ProblemException.conflict(refuse.reason(), Map.of("orderId", orderId)));
                        }))
                .chain(payment -> payment.status() == CardPayment.Status.AUTHORISING
                        ? askToAuthorise(payment, cardToken)
                        : Uni.createFrom().item(payment));
    }

    private Uni<CardPayment> askToAuthorise(CardPayment payment, String cardToken) {
        String key = "authorise:" + payment.providerReference();
        return provider.authorise(key, cardToken, payment.amount(), payment.currency(), payment.providerReference())
                .chain(outcome -> switch (outcome) {
                    case Outcome.Done done ->
                        inTransaction(session -> payments.settleAuthorisation(
                                                session,
                                                payment.id(),
                                                payment.generation(),
                                                CardPayment.Status.AUTHORISED,
                                                done.ref(),
                                                null,
                                                done.expiresAt())
                                        .chain(changed -> changed == 1
                                                ? payments.journal(
                                                        session,
                                                        payment,
                                                        "AUTHORISED",
                                                        payment.amount(),
                                                        "checkout",
                                                        done.ref())
                                                : Uni.createFrom().item(0))
                                        .chain(() -> payments.byId(session, payment.id()))
                                        .map(Optional::orElseThrow))
                                .invoke(settled -> {
                                    if (settled.status() != CardPayment.Status.AUTHORISED) {
                                        // Given up (and cancelled) while the provider was answering.
                                        throw ProblemException.conflict(
                                                "The order's card payment was given up meanwhile; retry the checkout",
                                                Map.of("orderId", payment.orderId()));
                                    }
                                });
                    case Outcome.Refused refused
                    when refused.status() == 402 ->
                        inTransaction(session -> payments.settleAuthorisation(
                                                session,
                                                payment.id(),
                                                payment.generation(),
                                                CardPayment.Status.DECLINED,
                                                null,
                                                refused.code(),
                                                null)
                                        .chain(changed -> changed == 1
                                                ? payments.journal(
                                                        session,
                                                        payment,
                                                        "DECLINED",
                                                        payment.amount(),
                                                        "checkout",
                                                        null)
                                                : Uni.createFrom().item(0)))
                                .chain(() -> Uni.createFrom().failure(declined(refused.code())));
                    // The provider could not use the token (expired, mistyped): nothing was authorised, and
                    // another card may be offered for the order, as after a decline.
                    case Outcome.Refused refused ->
                        inTransaction(session -> payments.settleAuthorisation(
                                        session,
                                        payment.id(),
                                        payment.generation(),
                                        CardPayment.Status.DECLINED,
                                        null,
                                        refused.code(),
                                        null))
                                .chain(() -> Uni.createFrom()
                                        .failure(ProblemException.invalid(
                                                "cardToken", "the payment provider refused it: " + refused.message())));
                    case Outcome.Accepted accepted -> Uni.createFrom().failure(unexpected(accepted));
                    case Outcome.Unavailable unavailable -> Uni.createFrom().failure(unavailable(unavailable));
                });
    }

    /** What giving a checkout attempt's payment up came to. */
    public enum Released {
        /** Nothing of this attempt's was authorised (never asked, declined, voided, or a later attempt owns it). */
        NOTHING,
        /** Its authorisation was voided at the provider. */
        VOIDED,
        /** Its authorisation's outcome is unknown: the sweep cancels it at the provider unless a later attempt takes it. */
        ABANDONED
    }

    /**
     * A checkout attempt that failed gives its payment up: voided when it is authorised and nothing
     * was captured, abandoned (cancelled later by the sweep) while the provider's answer is unknown.
     * An attempt can never give up a payment a later attempt owns.
     */
    public Uni<Released> release(String orderId, int attempt) {
        return inTransaction(session -> payments.lock(session, orderId).chain(found -> {
                    if (found.isEmpty() || found.get().attempt() != attempt) {
                        return Uni.createFrom().item(Released.NOTHING);
                    }
                    CardPayment payment = found.get();
                    return switch (payment.status()) {
                        case AUTHORISING ->
                            payments.abandon(session, payment.id()).replaceWith(Released.ABANDONED);
                        case AUTHORISED -> Uni.createFrom().item(Released.VOIDED);
                        case DECLINED, VOIDED -> Uni.createFrom().item(Released.NOTHING);
                    };
                }))
                .chain(released -> released == Released.VOIDED
                        ? flow.voidAuthorisation(orderId, "checkout-undone").replaceWith(Released.VOIDED)
                        : Uni.createFrom().item(released));
    }

    /**
     * The sweep's part: abandoned authorisations older than {@code seconds} are cancelled at the
     * provider by their reference (voiding one the provider made without our learning of it).
     * Answers how many were settled.
     */
    public Uni<Integer> cancelAbandoned(long seconds, int limit) {
        return inTransaction(session -> payments.abandonedDue(session, seconds, limit))
                .chain(due -> Multi.createFrom()
                        .iterable(due)
                        .onItem()
                        .transformToUniAndConcatenate(payment -> provider.cancel(
                                        "cancel:" + payment.providerReference(), payment.providerReference())
                                .chain(outcome -> outcome instanceof Outcome.Done done
                                        ? inTransaction(session -> payments.cancelled(
                                                        session, payment.id(), payment.generation(), done.ref())
                                                .chain(changed -> changed == 1
                                                        ? payments.journal(
                                                                session,
                                                                payment,
                                                                "VOIDED",
                                                                done.ref() == null ? 0 : payment.amount(),
                                                                "abandoned",
                                                                done.ref())
                                                        : Uni.createFrom().item(0)))
                                        : Uni.createFrom().item(0)))
                        .collect()
                        .asList()
                        .map(settled ->
                                (int) settled.stream().filter(n -> n == 1).count()));
    }

    private <T> Uni<T> inTransaction(Function<Mutiny.Session, Uni<T>> work) {
        return sessions.withTransaction(work::apply);
    }

    static String fingerprint(String cardToken) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(cardToken.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
