package com.unifiedcommerce.payment.app;

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
import com.unifiedcommerce.payment.domain.CardOperation;
import com.unifiedcommerce.payment.domain.CardPayment;
import com.unifiedcommerce.payment.domain.CardRules;
import com.unifiedcommerce.payment.store.CardPayments;
import com.unifiedcommerce.platform.problem.ProblemException;
import com.unifiedcommerce.platform.problem.ProblemType;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * A card tender's life: authorise, capture (in parts too), void, refund (several). Each step is
 * recorded before the provider is asked (the intent, in its own transaction) and the provider's
 * answer after it (in another), never across the call: a crash or a provider time-out in between
 * leaves the intent, and a retry of the same cause asks the provider again with the same
 * idempotency key, which answers what it decided the first time. So the money moves once per
 * cause, whatever is retried.
 */
@ApplicationScoped
public class CardPaymentFlow {

    @Inject
    Mutiny.SessionFactory sessions;

    @Inject
    CardPayments payments;

    @Inject
    CardProvider provider;

    @ConfigProperty(name = "payment.webhook-url")
    String webhookUrl;

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
                        ? voidAuthorisation(orderId, "checkout-undone").replaceWith(Released.VOIDED)
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

    /** Captures {@code amount} for {@code cause} (e.g. the pickup that handed the goods over). */
    public Uni<CardPayment> capture(String orderId, long amount, String cause) {
        return intent(
                        orderId,
                        CardOperation.Kind.CAPTURE,
                        cause,
                        amount,
                        (session, payment) -> payments.voidAsked(session, payment.id())
                                .map(voidAsked -> CardRules.captureRefusal(payment, amount, voidAsked)))
                .chain(asked -> asked.operation().status() != CardOperation.Status.REQUESTED
                        ? finished(asked)
                        : provider.capture(
                                        asked.operation().providerKey(orderId),
                                        asked.payment().providerRef(),
                                        amount)
                                .chain(outcome -> switch (outcome) {
                                    case Outcome.Done done ->
                                        answer(
                                                asked,
                                                CardOperation.Status.SUCCEEDED,
                                                done.ref(),
                                                null,
                                                amount,
                                                -amount,
                                                0,
                                                0,
                                                null,
                                                "CAPTURED");
                                    case Outcome.Refused refused ->
                                        answer(
                                                        asked,
                                                        CardOperation.Status.FAILED,
                                                        null,
                                                        refused.code(),
                                                        0,
                                                        -amount,
                                                        0,
                                                        0,
                                                        null,
                                                        "CAPTURE_REFUSED")
                                                .chain(() -> Uni.createFrom()
                                                        .failure(refusedByProvider("capture", refused)));
                                    case Outcome.Accepted accepted ->
                                        Uni.createFrom().failure(unexpected(accepted));
                                    case Outcome.Unavailable unavailable ->
                                        Uni.createFrom().failure(unavailable(unavailable));
                                }));
    }

    /** Voids the authorisation (a cancelled order, a no-show): nothing was captured, nothing will be. */
    public Uni<CardPayment> voidAuthorisation(String orderId, String cause) {
        return intent(
                        orderId,
                        CardOperation.Kind.VOID,
                        "void",
                        0,
                        (session, payment) -> Uni.createFrom().item(CardRules.voidRefusal(payment)))
                .chain(asked -> asked.operation().status() != CardOperation.Status.REQUESTED
                        ? finished(asked)
                        : provider.voidAuthorisation(
                                        asked.operation().providerKey(orderId),
                                        asked.payment().providerRef())
                                .chain(outcome -> switch (outcome) {
                                    case Outcome.Done done ->
                                        answer(
                                                asked,
                                                CardOperation.Status.SUCCEEDED,
                                                done.ref(),
                                                null,
                                                0,
                                                0,
                                                0,
                                                0,
                                                CardPayment.Status.VOIDED,
                                                "VOIDED:" + cause);
                                    case Outcome.Refused refused ->
                                        answer(
                                                        asked,
                                                        CardOperation.Status.FAILED,
                                                        null,
                                                        refused.code(),
                                                        0,
                                                        0,
                                                        0,
                                                        0,
                                                        null,
                                                        null)
                                                .chain(() ->
                                                        Uni.createFrom().failure(refusedByProvider("void", refused)));
                                    case Outcome.Accepted accepted ->
                                        Uni.createFrom().failure(unexpected(accepted));
                                    case Outcome.Unavailable unavailable ->
                                        Uni.createFrom().failure(unavailable(unavailable));
                                }));
    }

    /**
     * Asks the provider to refund {@code amount} for {@code cause} (e.g. a return); the refund is
     * pending until the provider's webhook settles it ({@link #settleRefund}).
     */
    public Uni<CardPayment> refund(String orderId, long amount, String cause) {
        return intent(
                        orderId,
                        CardOperation.Kind.REFUND,
                        cause,
                        amount,
                        (session, payment) -> Uni.createFrom().item(CardRules.refundRefusal(payment, amount)))
                .chain(asked -> asked.operation().status() != CardOperation.Status.REQUESTED
                        ? finished(asked)
                        : provider.refund(
                                        asked.operation().providerKey(orderId),
                                        asked.payment().providerRef(),
                                        amount,
                                        webhookUrl)
                                .chain(outcome -> switch (outcome) {
                                    case Outcome.Accepted accepted ->
                                        answer(
                                                asked,
                                                CardOperation.Status.PENDING,
                                                accepted.ref(),
                                                null,
                                                0,
                                                0,
                                                0,
                                                0,
                                                null,
                                                "REFUND_REQUESTED");
                                    case Outcome.Done done ->
                                        answer(
                                                asked,
                                                CardOperation.Status.PENDING,
                                                done.ref(),
                                                null,
                                                0,
                                                0,
                                                0,
                                                0,
                                                null,
                                                "REFUND_REQUESTED");
                                    case Outcome.Refused refused ->
                                        answer(
                                                        asked,
                                                        CardOperation.Status.FAILED,
                                                        null,
                                                        refused.code(),
                                                        0,
                                                        0,
                                                        0,
                                                        -amount,
                                                        null,
                                                        null)
                                                .chain(() ->
                                                        Uni.createFrom().failure(refusedByProvider("refund", refused)));
                                    case Outcome.Unavailable unavailable ->
                                        Uni.createFrom().failure(unavailable(unavailable));
                                }));
    }

    /**
     * A refund's end as the provider's webhook tells it: SUCCEEDED moves it to refunded, FAILED gives
     * it back to what may be refunded. Applied once: a replayed event, or news of a refund that
     * already ended, changes nothing (answers false). Fails with {@link UnknownRefund} when no refund
     * of ours has this provider id (yet): the caller answers so that the provider sends it again.
     */
    public Uni<Boolean> settleRefund(String eventId, String type, String refundRef, boolean succeeded) {
        return inTransaction(session -> payments.firstDelivery(session, eventId, type)
                .chain(first -> {
                    if (!first) {
                        return Uni.createFrom().item(false);
                    }
                    return payments.refundByProviderRef(session, refundRef).chain(found -> {
                        if (found.isEmpty()) {
                            return Uni.createFrom().failure(new UnknownRefund(refundRef));
                        }
                        CardOperation refund = found.get();
                        CardOperation.Status to =
                                succeeded ? CardOperation.Status.SUCCEEDED : CardOperation.Status.FAILED;
                        return payments.answer(
                                        session,
                                        refund,
                                        CardOperation.Status.PENDING,
                                        to,
                                        null,
                                        succeeded ? null : "refund_failed")
                                .chain(changed -> changed == 0
                                        ? Uni.createFrom().item(false)
                                        : payments.move(
                                                        session,
                                                        refund.paymentId(),
                                                        0,
                                                        0,
                                                        succeeded ? refund.amount() : 0,
                                                        -refund.amount(),
                                                        null)
                                                .chain(() -> payments.byId(session, refund.paymentId()))
                                                .chain(payment -> payments.journal(
                                                        session,
                                                        payment.orElseThrow(),
                                                        succeeded ? "REFUNDED" : "REFUND_FAILED",
                                                        refund.amount(),
                                                        refund.cause(),
                                                        refundRef))
                                                .replaceWith(true));
                    });
                }));
    }

    /** No refund of ours has the provider id a webhook names (yet). */
    public static final class UnknownRefund extends RuntimeException {
        public UnknownRefund(String ref) {
            super("no refund is known by " + ref, null, false, false);
        }
    }

    public Uni<Optional<CardPayment>> byOrder(String orderId) {
        return sessions.withSession(session -> payments.byOrder(session, orderId));
    }

    public Uni<java.util.List<CardPayments.Entry>> journal(String orderId) {
        return sessions.withSession(session -> payments.entries(session, orderId));
    }

    /** A payment and the operation asked for one cause, as recorded before the provider is asked. */
    private record Asked(CardPayment payment, CardOperation operation) {}

    /** What refuses an operation, decided under the payment's lock. */
    private interface Refusal {
        Uni<Optional<String>> of(Mutiny.Session session, CardPayment payment);
    }

    /**
     * Records the operation for its cause (and what it takes from what is left) under the
     * payment's lock, or finds it recorded by an earlier attempt of the same cause.
     */
    private Uni<Asked> intent(String orderId, CardOperation.Kind kind, String cause, long amount, Refusal refusal) {
        return inTransaction(session -> payments.lock(session, orderId).chain(found -> {
            CardPayment payment =
                    found.orElseThrow(() -> ProblemException.notFound("A card payment for order " + orderId));
            return payments.operation(session, payment.id(), kind, cause).chain(earlier -> {
                if (earlier.isPresent()) {
                    if (earlier.get().amount() != amount) {
                        throw ProblemException.conflict(
                                "The " + kind.name().toLowerCase() + " for " + cause + " was asked for "
                                        + earlier.get().amount() + ", not " + amount,
                                Map.of("cause", cause));
                    }
                    return Uni.createFrom().item(new Asked(payment, earlier.get()));
                }
                return refusal.of(session, payment).chain(refused -> {
                    refused.ifPresent(reason -> {
                        throw ProblemException.conflict(
                                "Cannot " + kind.name().toLowerCase() + " the card payment of order " + orderId + ": "
                                        + reason,
                                Map.of("orderId", orderId));
                    });
                    CardOperation operation = new CardOperation(
                            payment.id(), kind, cause, amount, CardOperation.Status.REQUESTED, null, null);
                    long capturing = kind == CardOperation.Kind.CAPTURE ? amount : 0;
                    long refunding = kind == CardOperation.Kind.REFUND ? amount : 0;
                    return payments.request(session, operation)
                            .chain(() -> payments.move(session, payment.id(), 0, capturing, 0, refunding, null))
                            .replaceWith(new Asked(payment, operation));
                });
            });
        }));
    }

    /** An operation of the same cause that already has its answer: the payment as it is, or the refusal again. */
    private Uni<CardPayment> finished(Asked asked) {
        if (asked.operation().status() == CardOperation.Status.FAILED) {
            return Uni.createFrom()
                    .failure(ProblemException.conflict(
                            "The " + asked.operation().kind().name().toLowerCase() + " for "
                                    + asked.operation().cause() + " was refused by the payment provider: "
                                    + asked.operation().failure(),
                            Map.of("reason", String.valueOf(asked.operation().failure()))));
        }
        return sessions.withSession(
                        session -> payments.byId(session, asked.payment().id()))
                .map(Optional::orElseThrow);
    }

    /**
     * Records the provider's answer to a REQUESTED operation: its new status, the amounts it moves
     * and a journal entry ({@code entry}, "KIND:cause" to journal another cause than the
     * operation's). Nothing moves when another attempt recorded the answer first.
     */
    private Uni<CardPayment> answer(
            Asked asked,
            CardOperation.Status to,
            String providerRef,
            String failure,
            long captured,
            long capturing,
            long refunded,
            long refunding,
            CardPayment.Status status,
            String entry) {
        CardPayment payment = asked.payment();
        CardOperation operation = asked.operation();
        return inTransaction(session -> payments.answer(
                        session, operation, CardOperation.Status.REQUESTED, to, providerRef, failure)
                .chain(changed -> {
                    if (changed == 0) {
                        return Uni.createFrom().voidItem();
                    }
                    Uni<Integer> moved =
                            payments.move(session, payment.id(), captured, capturing, refunded, refunding, status);
                    if (entry == null) {
                        return moved.replaceWithVoid();
                    }
                    String[] kindAndCause = entry.split(":", 2);
                    String cause = kindAndCause.length == 2 ? kindAndCause[1] : operation.cause();
                    long amount = operation.kind() == CardOperation.Kind.VOID ? payment.amount() : operation.amount();
                    return moved.chain(() ->
                                    payments.journal(session, payment, kindAndCause[0], amount, cause, providerRef))
                            .replaceWithVoid();
                })
                .chain(() -> payments.byId(session, payment.id()))
                .map(Optional::orElseThrow));
    }

    private <T> Uni<T> inTransaction(Function<Mutiny.Session, Uni<T>> work) {
        return sessions.withTransaction(work::apply);
    }

    private static ProblemException declined(String code) {
        return new ProblemException(
                ProblemType.PAYMENT_DECLINED,
                "The card was declined (" + code + "); nothing was charged",
                java.util.List.of(
                        new com.unifiedcommerce.platform.problem.Problem.FieldError("cardToken", "declined: " + code)),
                Map.of("tender", "CARD", "declineCode", String.valueOf(code)));
    }

    private static ProblemException refusedByProvider(String what, Outcome.Refused refused) {
        return ProblemException.conflict(
                "The payment provider refused the " + what + ": " + refused.message(),
                Map.of("reason", String.valueOf(refused.code())));
    }

    private static ProblemException unavailable(Outcome.Unavailable unavailable) {
        return new ProblemException(
                ProblemType.UNAVAILABLE,
                unavailable.why() + "; send the same request again: it takes effect at most once");
    }

    private static IllegalStateException unexpected(Outcome outcome) {
        return new IllegalStateException("the payment provider answered unexpectedly: " + outcome);
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
