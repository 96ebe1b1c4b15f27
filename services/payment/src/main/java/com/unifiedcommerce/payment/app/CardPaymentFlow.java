package com.unifiedcommerce.payment.app;

import static com.unifiedcommerce.payment.app.PaymentProblems.refusedByProvider;
import static com.unifiedcommerce.payment.app.PaymentProblems.unavailable;
import static com.unifiedcommerce.payment.app.PaymentProblems.unexpected;

import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.unifiedcommerce.contracts.common.Money;
import com.unifiedcommerce.contracts.common.TenderType;
import com.unifiedcommerce.contracts.payments.RefundSettled;
import com.unifiedcommerce.payment.client.CardProvider;
import com.unifiedcommerce.payment.client.CardProvider.Outcome;
import com.unifiedcommerce.payment.domain.CardOperation;
import com.unifiedcommerce.payment.domain.CardPayment;
import com.unifiedcommerce.payment.domain.CardRules;
import com.unifiedcommerce.payment.domain.Movement;
import com.unifiedcommerce.payment.store.CardPayments;
import com.unifiedcommerce.platform.outbox.Outbox;
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
    Outbox outbox;

    @ConfigProperty(name = "payment.webhook-url")
    String webhookUrl;

    /** Captures {@code amount} for {@code cause} (e.g. the pickup that handed the goods over). */
    public Uni<CardPayment> capture(String orderId, long amount, String cause) {
        return intent(
                        orderId,
                        CardOperation.Kind.CAPTURE,
                        cause,
                        amount,
                        (session, payment) -> payments.voidAsked(session, payment)
                                .map(voidAsked -> CardRules.captureRefusal(payment, amount, voidAsked)))
                .chain(asked -> askAndRecord(
                        asked,
                        () -> provider.capture(
                                asked.operation().providerKey(orderId),
                                asked.payment().providerRef(),
                                amount),
                        new Answers(
                                "capture",
                                CardOperation.Status.SUCCEEDED,
                                Movement.captured(amount),
                                Entry.of("CAPTURED"),
                                false,
                                Movement.captureRefused(amount),
                                Entry.of("CAPTURE_REFUSED"))));
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
                            : Uni.createFrom().item(new Asked(payment, null));
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
    Uni<Asked> askVoid(Mutiny.Session session, CardPayment payment) {
        return asked(
                session,
                payment,
                CardOperation.Kind.VOID,
                CardOperation.voidCause(payment.generation()),
                0,
                (s, p) -> Uni.createFrom().item(CardRules.voidRefusal(p)));
    }

    /** Asks the provider for a recorded void (again, with its key, when an earlier try got no answer). */
    Uni<CardPayment> askedVoid(Asked asked, String cause) {
        return askAndRecord(
                asked,
                () -> provider.voidAuthorisation(
                        asked.operation().providerKey(asked.payment().orderId()),
                        asked.payment().providerRef()),
                new Answers(
                        "void",
                        CardOperation.Status.SUCCEEDED,
                        Movement.VOIDED,
                        new Entry("VOIDED", cause),
                        false,
                        Movement.NONE,
                        null));
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
                .chain(asked -> askAndRecord(
                        asked,
                        () -> provider.refund(
                                asked.operation().providerKey(orderId),
                                asked.payment().providerRef(),
                                amount,
                                webhookUrl),
                        // Pending until the provider's webhook settles it, whether the provider
                        // answers at once or later.
                        new Answers(
                                "refund",
                                CardOperation.Status.PENDING,
                                Movement.NONE,
                                Entry.of("REFUND_REQUESTED"),
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
                                                .call(payment -> announce(
                                                        session,
                                                        payment,
                                                        refund,
                                                        succeeded ? null : "refund_failed",
                                                        refundRef))
                                                .replaceWith(true));
                    });
                }));
    }

    /** Tells who waits for a refund (the return that asked for it) how it ended: failed when {@code failure} is set. */
    private Uni<?> announce(
            Mutiny.Session session, CardPayment payment, CardOperation refund, String failure, String providerRef) {
        return outbox.append(
                session,
                payment.orderId(),
                new RefundSettled(
                        payment.orderId(),
                        refund.cause(),
                        refund.returnId(),
                        TenderType.CARD,
                        new Money(refund.amount(), payment.currency()),
                        failure == null,
                        failure,
                        providerRef));
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

    /** A journal entry: its kind, and its cause when not the operation's own. */
    private record Entry(String kind, String cause) {
        static Entry of(String kind) {
            return new Entry(kind, null);
        }
    }

    /**
     * How an operation records the provider's answers: when it is done (and whether an answer of
     * "accepted, to be settled later" counts as done), and when it is refused, which is also the
     * operation's failure ({@code what} names it).
     */
    private record Answers(
            String what,
            CardOperation.Status done,
            Movement doneMoves,
            Entry doneEntry,
            boolean acceptedIsDone,
            Movement refusedMoves,
            Entry refusedEntry) {}

    /**
     * Asks the provider for a recorded operation (again, with its key, when an earlier try got no
     * answer) and records its answer; an operation that has its answer already is not asked again.
     */
    private Uni<CardPayment> askAndRecord(Asked asked, Supplier<Uni<Outcome>> ask, Answers answers) {
        return asked.operation().status() != CardOperation.Status.REQUESTED
                ? finished(asked)
                : ask.get().chain(outcome -> recorded(asked, outcome, answers));
    }

    /** Records the provider's answer to an asked operation; an unavailable provider records nothing. */
    private Uni<CardPayment> recorded(Asked asked, Outcome outcome, Answers answers) {
        return switch (outcome) {
            case Outcome.Done done ->
                answer(asked, answers.done(), done.ref(), null, answers.doneMoves(), answers.doneEntry());
            case Outcome.Accepted accepted ->
                answers.acceptedIsDone()
                        ? answer(asked, answers.done(), accepted.ref(), null, answers.doneMoves(), answers.doneEntry())
                        : Uni.createFrom().failure(unexpected(accepted));
            case Outcome.Refused refused ->
                answer(
                                asked,
                                CardOperation.Status.FAILED,
                                null,
                                refused.code(),
                                answers.refusedMoves(),
                                answers.refusedEntry())
                        .chain(() -> Uni.createFrom().failure(refusedByProvider(answers.what(), refused)));
            case Outcome.Unavailable unavailable -> Uni.createFrom().failure(unavailable(unavailable));
        };
    }

    /** A payment and the operation asked for one cause, as recorded before the provider is asked. */
    record Asked(CardPayment payment, CardOperation operation) {}

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
            return asked(session, payment, kind, cause, amount, refusal);
        }));
    }

    /** {@link #intent} for a payment the caller has locked. */
    private Uni<Asked> asked(
            Mutiny.Session session,
            CardPayment payment,
            CardOperation.Kind kind,
            String cause,
            long amount,
            Refusal refusal) {
        String orderId = payment.orderId();
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
                Movement taken = switch (kind) {
                    case CAPTURE -> Movement.capturing(amount);
                    case REFUND -> Movement.refunding(amount);
                    case VOID -> Movement.NONE;
                };
                return payments.request(session, operation)
                        .chain(() -> payments.move(session, payment.id(), taken))
                        .replaceWith(new Asked(payment, operation));
            });
        });
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
     * and a journal entry (none when {@code entry} is null). Nothing moves when another attempt
     * recorded the answer first.
     */
    private Uni<CardPayment> answer(
            Asked asked, CardOperation.Status to, String providerRef, String failure, Movement movement, Entry entry) {
        CardPayment payment = asked.payment();
        CardOperation operation = asked.operation();
        return inTransaction(session -> payments.answer(
                        session, operation, CardOperation.Status.REQUESTED, to, providerRef, failure)
                .chain(changed -> {
                    if (changed == 0) {
                        return Uni.createFrom().voidItem();
                    }
                    Uni<?> moved = payments.move(session, payment.id(), movement);
                    if (operation.kind() == CardOperation.Kind.REFUND && to == CardOperation.Status.FAILED) {
                        // Refused at once: the refund ended here, not in a webhook.
                        moved = moved.chain(() -> announce(session, payment, operation, failure, providerRef));
                    }
                    if (entry == null) {
                        return moved.replaceWithVoid();
                    }
                    String cause = entry.cause() == null ? operation.cause() : entry.cause();
                    long amount = operation.kind() == CardOperation.Kind.VOID ? payment.amount() : operation.amount();
                    return moved.chain(
                                    () -> payments.journal(session, payment, entry.kind(), amount, cause, providerRef))
                            .replaceWithVoid();
                })
                .chain(() -> payments.byId(session, payment.id()))
                .map(Optional::orElseThrow));
    }

    private <T> Uni<T> inTransaction(Function<Mutiny.Session, Uni<T>> work) {
        return sessions.withTransaction(work::apply);
    }
}
