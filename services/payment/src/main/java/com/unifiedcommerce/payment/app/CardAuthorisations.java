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
import com.unifiedcommerce.platform.store.SingleStatement;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import org.hibernate.reactive.mutiny.Mutiny;
import org.jboss.logging.Logger;

/**
 * Checkout's side of a card payment: the authorisation, owned by the newest checkout attempt, and
 * what a failed attempt gives back (voided, or abandoned and cancelled at the provider by the
 * sweep when the provider's answer never came). As everywhere here, the intent is recorded before
 * the provider is asked and the answer after, never across the call.
 */
@ApplicationScoped
public class CardAuthorisations {

    private static final Logger LOG = Logger.getLogger(CardAuthorisations.class);

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
        return authorise(orderId, attempt, amount, currency, cardToken, true);
    }

    private Uni<CardPayment> authorise(
            String orderId, int attempt, long amount, String currency, String cardToken, boolean mayFinishVoid) {
        String fingerprint = fingerprint(cardToken);
        String last4 = cardToken.length() >= 4 ? cardToken.substring(cardToken.length() - 4) : null;
        return inTransaction(session -> payments.begin(session, orderId, attempt, amount, currency, fingerprint, last4)
                        // A first authorisation recorded just now is this attempt's to ask: nothing more to read.
                        .chain(begun -> begun.fresh()
                                ? Uni.createFrom().item(new Decided(begun.payment(), new CardRules.OnAuthorise.Ask()))
                                : decide(session, begun.payment(), attempt, amount, currency, fingerprint)
                                        .chain(decided -> apply(
                                                        session,
                                                        decided,
                                                        orderId,
                                                        attempt,
                                                        amount,
                                                        currency,
                                                        fingerprint,
                                                        last4)
                                                .map(payment -> new Decided(payment, decided.rule())))))
                .chain(decided -> switch (decided.rule()) {
                    case CardRules.OnAuthorise.VoidFirst voidFirst ->
                        voidThenAuthorise(
                                orderId, attempt, amount, currency, cardToken, voidFirst.generation(), mayFinishVoid);
                    default ->
                        decided.payment().status() == CardPayment.Status.AUTHORISING
                                ? askToAuthorise(decided.payment(), cardToken)
                                : Uni.createFrom().item(decided.payment());
                });
    }

    /** What the rules decide for a payment that was there before (only an authorised one can be being voided). */
    private Uni<Decided> decide(
            Mutiny.Session session,
            CardPayment payment,
            int attempt,
            long amount,
            String currency,
            String fingerprint) {
        return (payment.status() == CardPayment.Status.AUTHORISED
                        ? payments.voidAsked(session, payment)
                        : Uni.createFrom().item(false))
                .map(voidAsked -> new Decided(
                        payment, CardRules.onAuthorise(payment, attempt, amount, currency, fingerprint, voidAsked)));
    }

    /** A payment and what the rules decided for it. */
    private record Decided(CardPayment payment, CardRules.OnAuthorise rule) {}

    /**
     * The authorisation is to be voided before this attempt authorises afresh: an older attempt
     * failed and asked for its void, whose answer is not recorded (its caller may be gone), or this
     * attempt pays with another card or amount and asked for it just now. The void is finished (the
     * provider answers the void's own key once), then the payment starts a new generation. Once
     * only: a void that does not end is a failure.
     */
    private Uni<CardPayment> voidThenAuthorise(
            String orderId,
            int attempt,
            long amount,
            String currency,
            String cardToken,
            int generation,
            boolean mayFinishVoid) {
        if (!mayFinishVoid) {
            return Uni.createFrom()
                    .failure(ProblemException.conflict(
                            "The order's earlier card authorisation is still being voided; retry",
                            Map.of("orderId", orderId)));
        }
        return flow.finishVoid(orderId, generation, "checkout-undone")
                .chain(() -> authorise(orderId, attempt, amount, currency, cardToken, false));
    }

    private Uni<CardPayment> apply(
            Mutiny.Session session,
            Decided decided,
            String orderId,
            int attempt,
            long amount,
            String currency,
            String fingerprint,
            String last4) {
        CardPayment payment = decided.payment();
        return switch (decided.rule()) {
            case CardRules.OnAuthorise.Use use ->
                payments.takeOver(session, payment.id(), attempt).replaceWith(payment);
            case CardRules.OnAuthorise.Ask ask ->
                payments.takeOver(session, payment.id(), attempt)
                        .chain(() -> payments.byId(session, payment.id()))
                        .map(Optional::orElseThrow);
            case CardRules.OnAuthorise.Restart restart ->
                payments.restart(session, payment.id(), attempt, amount, currency, fingerprint, last4)
                        .chain(() -> payments.byId(session, payment.id()))
                        .map(Optional::orElseThrow);
            case CardRules.OnAuthorise.Declined declined -> Uni.createFrom().failure(declined(declined.code()));
            case CardRules.OnAuthorise.Refuse refuse ->
                Uni.createFrom().failure(ProblemException.conflict(refuse.reason(), Map.of("orderId", orderId)));
            // A void this attempt asks for is recorded while the lock is held, so no other attempt
            // can take the authorisation over; either way the void is finished after this
            // transaction, then this attempt starts afresh (Restart) and owns the payment.
            case CardRules.OnAuthorise.VoidFirst voidFirst ->
                voidFirst.askNow()
                        ? flow.askVoid(session, payment).replaceWith(payment)
                        : Uni.createFrom().item(payment);
        };
    }

    private Uni<CardPayment> askToAuthorise(CardPayment payment, String cardToken) {
        String key = "authorise:" + payment.providerReference();
        return provider.authorise(key, cardToken, payment.amount(), payment.currency(), payment.providerReference())
                .chain(outcome -> switch (outcome) {
                    case Outcome.Done done ->
                        // One statement settles and journals; only an answer that changed nothing
                        // reads what the payment became meanwhile.
                        SingleStatement.write(
                                        sessions,
                                        session -> payments.settled(
                                                        session,
                                                        payment,
                                                        CardPayment.Status.AUTHORISED,
                                                        done.ref(),
                                                        null,
                                                        done.expiresAt(),
                                                        "AUTHORISED",
                                                        "checkout")
                                                .chain(settled -> settled.isPresent()
                                                        ? Uni.createFrom().item(settled.get())
                                                        : payments.byId(session, payment.id())
                                                                .map(Optional::orElseThrow)))
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
                        SingleStatement.write(
                                        sessions,
                                        session -> payments.settled(
                                                session,
                                                payment,
                                                CardPayment.Status.DECLINED,
                                                null,
                                                refused.code(),
                                                null,
                                                "DECLINED",
                                                "checkout"))
                                .chain(() -> Uni.createFrom().failure(declined(refused.code())));
                    // The provider could not use the token (expired, mistyped): nothing was authorised, and
                    // another card may be offered for the order, as after a decline.
                    case Outcome.Refused refused ->
                        // Nothing was asked of the card, so nothing is journalled.
                        SingleStatement.write(
                                        sessions,
                                        session -> payments.settled(
                                                session,
                                                payment,
                                                CardPayment.Status.DECLINED,
                                                null,
                                                refused.code(),
                                                null,
                                                null,
                                                "checkout"))
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
                        return Uni.createFrom().item(new Releasing(Released.NOTHING, null));
                    }
                    CardPayment payment = found.get();
                    return switch (payment.status()) {
                        case AUTHORISING ->
                            payments.abandon(session, payment.id())
                                    .replaceWith(new Releasing(Released.ABANDONED, null));
                        // The void is recorded while this attempt is seen to own the payment, in the
                        // same transaction: a later attempt then finishes it instead of taking the
                        // authorisation over.
                        case AUTHORISED ->
                            flow.askVoid(session, payment).map(asked -> new Releasing(Released.VOIDED, asked));
                        case DECLINED, VOIDED -> Uni.createFrom().item(new Releasing(Released.NOTHING, null));
                    };
                }))
                .chain(releasing -> releasing.voiding() == null
                        ? Uni.createFrom().item(releasing.released())
                        : flow.askedVoid(releasing.voiding(), "checkout-undone").replaceWith(Released.VOIDED));
    }

    /** What a release decided under the lock, and the void it recorded to ask of the provider. */
    private record Releasing(Released released, CardOperations.Asked voiding) {}

    /**
     * The sweep's part: abandoned authorisations older than {@code seconds} are cancelled at the
     * provider by their reference (voiding one the provider made without our learning of it), and
     * those the provider approved after their attempt gave them up are voided.
     * Answers how many were settled.
     */
    public Uni<Integer> cancelAbandoned(long seconds, int limit) {
        return inTransaction(session -> payments.abandonedDue(session, seconds, limit))
                .chain(due -> Multi.createFrom()
                        .iterable(due)
                        .onItem()
                        .transformToUniAndConcatenate(payment -> payment.status() == CardPayment.Status.AUTHORISED
                                ? flow.voidAbandoned(payment.orderId(), payment.generation())
                                        .map(voided -> voided ? 1 : 0)
                                        // The next round tries again; the other rows go ahead.
                                        .onFailure()
                                        .invoke(e -> LOG.warnf(
                                                "Could not void the abandoned authorisation of %s: %s",
                                                payment.orderId(), e.getMessage()))
                                        .onFailure()
                                        .recoverWithItem(0)
                                : cancel(payment))
                        .collect()
                        .asList()
                        .map(settled ->
                                (int) settled.stream().filter(n -> n == 1).count()));
    }

    /** Cancels at the provider, by its reference, an authorisation whose answer never came. */
    private Uni<Integer> cancel(CardPayment payment) {
        return provider.cancel("cancel:" + payment.providerReference(), payment.providerReference())
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
                        : Uni.createFrom().item(0));
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
