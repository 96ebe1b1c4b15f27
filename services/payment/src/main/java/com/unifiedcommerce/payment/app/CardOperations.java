package com.unifiedcommerce.payment.app;

import static com.unifiedcommerce.payment.app.PaymentProblems.refusedByProvider;
import static com.unifiedcommerce.payment.app.PaymentProblems.unavailable;
import static com.unifiedcommerce.payment.app.PaymentProblems.unexpected;

import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.unifiedcommerce.contracts.common.Money;
import com.unifiedcommerce.contracts.common.TenderType;
import com.unifiedcommerce.contracts.payments.RefundSettled;
import com.unifiedcommerce.payment.client.CardProvider.Outcome;
import com.unifiedcommerce.payment.domain.CardOperation;
import com.unifiedcommerce.payment.domain.CardPayment;
import com.unifiedcommerce.payment.domain.Movement;
import com.unifiedcommerce.payment.store.CardPayments;
import com.unifiedcommerce.platform.outbox.Outbox;
import com.unifiedcommerce.platform.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * How every card operation (capture, void, refund) is recorded around the provider's call: the
 * intent under the payment's lock, in its own transaction (or found recorded by an earlier try of
 * the same cause), then the provider asked with the operation's key, then its answer with the
 * amounts it moves and its journal entry, in another transaction.
 */
@ApplicationScoped
public class CardOperations {

    @Inject
    Mutiny.SessionFactory sessions;

    @Inject
    CardPayments payments;

    @Inject
    Outbox outbox;

    /** A journal entry: its kind, and its cause when not the operation's own. */
    record Entry(String kind, String cause) {
        static Entry of(String kind) {
            return new Entry(kind, null);
        }
    }

    /**
     * How an operation records the provider's answers: when it is done (and whether an answer of
     * "accepted, to be settled later" counts as done), and when it is refused, which is also the
     * operation's failure ({@code what} names it).
     */
    record Answers(
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
    Uni<CardPayment> askAndRecord(Asked asked, Supplier<Uni<Outcome>> ask, Answers answers) {
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
    interface Refusal {
        Uni<Optional<String>> of(Mutiny.Session session, CardPayment payment);
    }

    /**
     * Records the operation for its cause (and what it takes from what is left) under the
     * payment's lock, or finds it recorded by an earlier attempt of the same cause.
     */
    Uni<Asked> intent(String orderId, CardOperation.Kind kind, String cause, long amount, Refusal refusal) {
        return inTransaction(session -> payments.lock(session, orderId).chain(found -> {
            CardPayment payment =
                    found.orElseThrow(() -> ProblemException.notFound("A card payment for order " + orderId));
            return asked(session, payment, kind, cause, amount, refusal);
        }));
    }

    /** {@link #intent} for a payment the caller has locked. */
    Uni<Asked> asked(
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

    /** Tells who waits for a refund (the return that asked for it) how it ended: failed when {@code failure} is set. */
    Uni<?> announce(
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

    private <T> Uni<T> inTransaction(Function<Mutiny.Session, Uni<T>> work) {
        return sessions.withTransaction(work::apply);
    }
}
