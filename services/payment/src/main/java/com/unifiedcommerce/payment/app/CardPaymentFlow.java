package com.unifiedcommerce.payment.app;

import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.unifiedcommerce.contracts.payments.RefundSettled;
import com.unifiedcommerce.payment.client.CardProvider;
import com.unifiedcommerce.payment.domain.CardOperation;
import com.unifiedcommerce.payment.domain.CardPayment;
import com.unifiedcommerce.payment.domain.CardRules;
import com.unifiedcommerce.payment.domain.Movement;
import com.unifiedcommerce.payment.store.CardPayments;
import com.unifiedcommerce.platform.problem.ProblemException;
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

    @Inject
    CardOperations operations;

    @ConfigProperty(name = "payment.webhook-url")
    String webhookUrl;

    /** Captures {@code amount} for {@code cause} (e.g. the pickup that handed the goods over). */
    public Uni<CardPayment> capture(String orderId, long amount, String cause) {
        return operations
                .intent(
                        orderId,
                        CardOperation.Kind.CAPTURE,
                        cause,
                        amount,
                        (session, payment) -> payments.voidAsked(session, payment)
                                .map(voidAsked -> CardRules.captureRefusal(payment, amount, voidAsked)))
                .chain(asked -> operations.askAndRecord(
                        asked,
                        () -> provider.capture(
                                asked.operation().providerKey(orderId),
                                asked.payment().providerRef(),
                                amount),
                        new CardOperations.Answers(
                                "capture",
                                CardOperation.Status.SUCCEEDED,
                                Movement.captured(amount),
                                CardOperations.Entry.of("CAPTURED"),
                                false,
                                Movement.captureRefused(amount),
                                CardOperations.Entry.of("CAPTURE_REFUSED"))));
    }

    /**
     * Captures what is left of the authorisation for {@code cause} (the goods handed over): the
     * amount a first try of the cause recorded, so a redelivered event asks for the same capture.
     * Empty when the order has no card payment or nothing is left.
     */
    public Uni<Optional<CardPayment>> captureRest(String orderId, String cause) {
        return sessions.withSession(session -> payments.byOrder(session, orderId)
                        .chain(found -> found.isEmpty()
                                ? Uni.createFrom().item(Optional.<Long>empty())
                                : payments.operation(session, found.get().id(), CardOperation.Kind.CAPTURE, cause)
                                        .map(earlier -> earlier.map(CardOperation::amount)
                                                .or(() -> found.get().capturable() > 0
                                                        ? Optional.of(
                                                                found.get().capturable())
                                                        : Optional.empty()))))
                .chain(amount -> amount.isEmpty()
                        ? Uni.createFrom().item(Optional.<CardPayment>empty())
                        : capture(orderId, amount.get(), cause).map(Optional::of));
    }

    /** Voids the authorisation (a cancelled order, a no-show): nothing was captured, nothing will be. */
    public Uni<CardPayment> voidAuthorisation(String orderId, String cause) {
        return voidOf(orderId, payment -> true, cause);
    }

    /**
     * Finishes the void of the order's {@code generation} asked by an earlier attempt (whose caller
     * may be gone): asks the provider again with the void's own key. Nothing when the payment has
     * moved on to another generation since.
     */
    Uni<CardPayment> finishVoid(String orderId, int generation, String cause) {
        return voidOf(orderId, payment -> payment.generation() == generation, cause);
    }

    /**
     * Voids the {@code generation}'s authorisation that the provider approved after the attempt that
     * asked for it gave it up, unless a later attempt has taken it over meanwhile. Emits whether it
     * is voided now.
     */
    Uni<Boolean> voidAbandoned(String orderId, int generation) {
        return voidOf(
                        orderId,
                        payment -> payment.generation() == generation
                                && payment.abandonedAt() != null
                                && payment.status() == CardPayment.Status.AUTHORISED,
                        "abandoned")
                .map(payment -> payment.generation() == generation && payment.status() == CardPayment.Status.VOIDED);
    }

    /** Voids the current authorisation when the payment, seen under its lock, is still {@code meant}. */
    private Uni<CardPayment> voidOf(String orderId, Predicate<CardPayment> meant, String cause) {
        return inTransaction(session -> payments.lock(session, orderId).chain(found -> {
                    CardPayment payment =
                            found.orElseThrow(() -> ProblemException.notFound("A card payment for order " + orderId));
                    return meant.test(payment)
                            ? askVoid(session, payment)
                            : Uni.createFrom().item(new CardOperations.Asked(payment, null));
                }))
                .chain(asked ->
                        asked.operation() == null ? Uni.createFrom().item(asked.payment()) : askedVoid(asked, cause));
    }

    /**
     * Records the void of the payment's current authorisation (or finds it recorded), under the
     * payment's lock that the caller holds: what a failed checkout attempt does in the same
     * transaction that checks it still owns the payment, so no later attempt can take over an
     * authorisation that is about to be voided.
     */
    Uni<CardOperations.Asked> askVoid(Mutiny.Session session, CardPayment payment) {
        return operations.asked(
                session,
                payment,
                CardOperation.Kind.VOID,
                CardOperation.voidCause(payment.generation()),
                0,
                (s, p) -> Uni.createFrom().item(CardRules.voidRefusal(p)));
    }

    /** Asks the provider for a recorded void (again, with its key, when an earlier try got no answer). */
    Uni<CardPayment> askedVoid(CardOperations.Asked asked, String cause) {
        return operations.askAndRecord(
                asked,
                () -> provider.voidAuthorisation(
                        asked.operation().providerKey(asked.payment().orderId()),
                        asked.payment().providerRef()),
                new CardOperations.Answers(
                        "void",
                        CardOperation.Status.SUCCEEDED,
                        Movement.VOIDED,
                        new CardOperations.Entry("VOIDED", cause),
                        false,
                        Movement.NONE,
                        null));
    }

    /**
     * Asks the provider to refund {@code amount} for {@code cause} (e.g. a return); the refund is
     * pending until the provider's webhook settles it ({@link #settleRefund}).
     */
    public Uni<CardPayment> refund(String orderId, long amount, String cause) {
        return operations
                .intent(
                        orderId,
                        CardOperation.Kind.REFUND,
                        cause,
                        amount,
                        (session, payment) -> Uni.createFrom().item(CardRules.refundRefusal(payment, amount)))
                .chain(asked -> operations.askAndRecord(
                        asked,
                        () -> provider.refund(
                                asked.operation().providerKey(orderId),
                                asked.payment().providerRef(),
                                amount,
                                webhookUrl),
                        // Pending until the provider's webhook settles it, whether the provider
                        // answers at once or later.
                        new CardOperations.Answers(
                                "refund",
                                CardOperation.Status.PENDING,
                                Movement.NONE,
                                CardOperations.Entry.of("REFUND_REQUESTED"),
                                true,
                                Movement.refundGivenBack(amount),
                                null)));
    }

    /**
     * A refund's end as the provider's webhook tells it: SUCCEEDED moves it to refunded, FAILED gives
     * it back to what may be refunded; either way {@link RefundSettled} goes out (outbox, same
     * transaction), which is how a return learns that its money is back. Applied once: a replayed event, or news of a refund that
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
                                                        succeeded
                                                                ? Movement.refunded(refund.amount())
                                                                : Movement.refundGivenBack(refund.amount()))
                                                .chain(() -> payments.byId(session, refund.paymentId()))
                                                .map(Optional::orElseThrow)
                                                .call(payment -> payments.journal(
                                                        session,
                                                        payment,
                                                        succeeded ? "REFUNDED" : "REFUND_FAILED",
                                                        refund.amount(),
                                                        refund.cause(),
                                                        refundRef))
                                                .call(payment -> operations.announce(
                                                        session,
                                                        payment,
                                                        refund,
                                                        succeeded ? null : "refund_failed",
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

    private <T> Uni<T> inTransaction(Function<Mutiny.Session, Uni<T>> work) {
        return sessions.withTransaction(work::apply);
    }
}
