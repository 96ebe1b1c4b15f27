package com.unifiedcommerce.order.app;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.unifiedcommerce.order.domain.Order;
import com.unifiedcommerce.order.domain.OrderStatus;
import com.unifiedcommerce.order.store.CheckoutAttempts;
import com.unifiedcommerce.order.store.Orders;
import com.unifiedcommerce.platform.outbox.Outbox;
import com.unifiedcommerce.platform.problem.ProblemException;
import com.unifiedcommerce.platform.problem.ProblemType;
import com.unifiedcommerce.platform.store.SingleStatement;
import io.smallrye.mutiny.Uni;
import org.hibernate.reactive.mutiny.Mutiny;
import org.jboss.logging.Logger;

/**
 * Checkout as a saga. The order row already exists, PENDING, owned by one numbered attempt (see
 * {@link Checkout}); then, in this order:
 *
 * <pre>
 * step           participant   action                                 compensation
 * hold stock     inventory     hold the lines COMMITTED (no expiry),  give back the reference's hold
 *                              reference = order id, refused when an
 *                              item changed since it was priced
 * hold points    loyalty       hold the points spent                  give back the reference's hold
 * hold gift     payment       hold each GIFT_CARD tender's amount    give back the attempt's holds
 * cards                        on its card (reference = the code)
 * authorise card payment       authorise the CARD tender's amount     void it (or, when the provider's
 *                              (the tender's reference is the         answer never came, leave it to
 *                              provider's card token)                 the payment service's sweep)
 * commit stock   inventory     only when inventory answered a HELD    (given back with the hold)
 *                              hold: it stops expiring
 * place          order ledger  PENDING -> PLACED + OrderPlaced        none: the point of no return
 * </pre>
 *
 * Every answer is checked: a hold that is not held for this very order and attempt is a failure.
 * When a step fails (or its answer never came), the steps started are undone in reverse order,
 * each for this attempt only (inventory and loyalty refuse to let an older attempt touch a newer
 * one's holds), and the order becomes REJECTED; a retry is a new attempt with fresh holds. Nothing
 * is undone once the order is placed: the failing attempt hands its order to compensation through
 * a guarded change of the row (PENDING -> COMPENSATING), which a placed order cannot take. A crash
 * between steps leaves the row PENDING; the sweep ({@code CheckoutSweep}) undoes it later.
 *
 * <p>Committing the hold before the order is placed is how the hold outlives a late or
 * dead-lettered OrderPlaced: a placed order's stock never depends on that event arriving in time.
 * The hold is taken committed in the same inventory call (one call and one inventory transaction
 * fewer per checkout). A committed hold without a placed order exists only while its checkout is
 * PENDING: the attempt's failure path or the sweep gives it back. (A crash between a HELD hold and
 * its commit used to be covered by the hold's expiry as well; the sweep alone covers that window
 * now, as it always alone covered a crash between the commit and the placing.)
 */
@ApplicationScoped
public class CheckoutSaga {

    private static final Logger LOG = Logger.getLogger(CheckoutSaga.class);

    /** The problem extension naming the SKUs whose item master changed after they were priced. */
    public static final String CHANGED_ITEMS = "changedItems";

    /** One step: what it asks of a participant, and what gives that back if the checkout fails. */
    private record Step(String name, Function<Attempt, Uni<Void>> action, Function<Attempt, Uni<Void>> undo) {}

    /**
     * One attempt at placing one order, and what it learnt on the way. The sweep knows only the
     * order's id and points ({@code order} is null then), which is all that undoing needs.
     */
    static final class Attempt {
        final Order order;
        final String orderId;
        final long points;
        final int number;
        /** The item versions the order was priced with (empty for the sweep). */
        final Map<String, Instant> itemVersions;

        volatile String reservationId;
        volatile boolean stockCommitted;
        volatile int started;

        Attempt(Order order, String orderId, long points, int number, Map<String, Instant> itemVersions) {
            this.order = order;
            this.orderId = orderId;
            this.points = points;
            this.number = number;
            this.itemVersions = itemVersions;
        }
    }

    /** The placed order as the client is answered. */
    public record Placed(Order order, OrderViews.OrderView view) {}

    @Inject
    CheckoutSteps participants;

    // Lambdas, not method references: the participants are injected after this field is set.
    private final List<Step> steps = List.of(
            new Step("hold stock", a -> participants.holdStock(a), a -> participants.releaseStock(a)),
            new Step("hold points", a -> participants.holdPoints(a), a -> participants.releasePoints(a)),
            new Step("hold gift cards", a -> participants.holdGiftCards(a), a -> participants.releaseGiftCards(a)),
            new Step("authorise card", a -> participants.authoriseCard(a), a -> participants.releaseCard(a)),
            new Step(
                    "commit stock",
                    a -> participants.commitStock(a),
                    a -> Uni.createFrom().voidItem()));

    @Inject
    Mutiny.SessionFactory sessions;

    @Inject
    Orders orders;

    @Inject
    CheckoutAttempts attempts;

    @Inject
    Outbox outbox;

    @Inject
    Lifecycle lifecycle;

    /**
     * Runs every step for the attempt's PENDING order, then places it; undoes what it took if it
     * cannot. {@code itemVersions}: the item master versions its lines were priced with (inventory
     * refuses the hold when one changed: a conflict naming {@code changedItems}).
     */
    public Uni<Placed> run(Order order, int number, Orders.Actor actor, Map<String, Instant> itemVersions) {
        Attempt attempt = new Attempt(order, order.id(), order.pointsRedeemed(), number, itemVersions);
        return stepsFrom(0, attempt)
                .chain(() -> place(attempt, actor))
                .onFailure()
                .recoverWithUni(failure -> failed(attempt, failure));
    }

    private Uni<Void> stepsFrom(int index, Attempt attempt) {
        if (index == steps.size()) {
            return Uni.createFrom().voidItem();
        }
        attempt.started = index + 1;
        return steps.get(index).action().apply(attempt).chain(() -> stepsFrom(index + 1, attempt));
    }

    private Uni<Placed> place(Attempt attempt, Orders.Actor actor) {
        Order placed = attempt.order.withReservation(attempt.reservationId);
        // The placing statement writes the events too: they exist exactly when the order is placed.
        List<Outbox.Row> announced = new ArrayList<>();
        announced.add(outbox.row(placed.id(), OrderEvents.placed(placed)));
        if (placed.status() == OrderStatus.PICKED_UP) {
            announced.add(outbox.row(placed.id(), OrderEvents.pickedUp(placed)));
        }
        return SingleStatement.write(
                        sessions,
                        session -> attempts.place(session, placed, attempt.number, actor, announced)
                                .map(recorded -> {
                                    if (recorded.isEmpty()) {
                                        throw new ProblemException(
                                                ProblemType.UNAVAILABLE,
                                                "The checkout took too long and was undone; retry with the same Idempotency-Key");
                                    }
                                    // Answered from what the placing statement recorded: no second read of the row.
                                    Order saved = recorded.get().order();
                                    return new Placed(
                                            saved,
                                            OrderViews.of(
                                                    saved,
                                                    null,
                                                    List.of(recorded.get().history())));
                                }))
                .invoke(() -> outbox.announced(announced.size())); // committed: the relay finds them
    }

    private Uni<Placed> answer(Mutiny.Session session, String orderId) {
        return orders.find(session, orderId)
                .chain(saved -> lifecycle
                        .view(session, saved.orElseThrow(), null)
                        .map(view -> new Placed(saved.orElseThrow(), view)));
    }

    /**
     * The attempt failed: unless its order was placed after all (a commit whose answer was lost),
     * it gives back what its started steps took, newest first, and the order becomes REJECTED. The
     * client gets the failure. When the row cannot even be read, nothing is undone now: the sweep
     * finds the order PENDING and undoes it.
     */
    private Uni<Placed> failed(Attempt attempt, Throwable failure) {
        String orderId = attempt.orderId;
        return sessions.withTransaction(session -> attempts.compensating(session, orderId, attempt.number))
                .onFailure()
                .invoke(e ->
                        LOG.warnf(e, "Checkout %s attempt %d failed and is left to the sweep", orderId, attempt.number))
                .onFailure()
                .transform(e -> failure)
                .chain(found -> {
                    if (found.isPresent()
                            && !found.get().compensating()
                            && found.get().attempt() == attempt.number
                            && !found.get().status().checkingOut()) {
                        // Placed by this very attempt although its answer was lost: a success.
                        return sessions.withSession(session -> answer(session, orderId));
                    }
                    boolean ours = found.isPresent() && found.get().compensating();
                    return undo(attempt, attempt.started)
                            .chain(undone -> undone && ours
                                    ? sessions.withTransaction(session -> attempts.rejected(
                                                    session, orderId, attempt.number, reason(failure)))
                                            .replaceWithVoid()
                                    : Uni.createFrom().voidItem())
                            .chain(() -> Uni.createFrom().failure(failure));
                });
    }

    /**
     * Undoes the first {@code started} steps of an attempt, newest first; emits whether all were
     * undone (a give-back that failed is logged and left to the sweep, and the holds expire anyway).
     */
    private Uni<Boolean> undo(Attempt attempt, int started) {
        List<Step> taken = new ArrayList<>(steps.subList(0, Math.min(started, steps.size())));
        taken.sort(Comparator.comparingInt(steps::indexOf).reversed());
        Uni<Boolean> chain = Uni.createFrom().item(Boolean.TRUE);
        for (Step step : taken) {
            chain = chain.chain(ok -> step.undo()
                    .apply(attempt)
                    .replaceWith(ok)
                    .onFailure()
                    .invoke(e -> LOG.warnf(
                            e,
                            "Checkout %s attempt %d: could not undo '%s'; the sweep tries again",
                            attempt.orderId,
                            attempt.number,
                            step.name()))
                    .onFailure()
                    .recoverWithItem(Boolean.FALSE));
        }
        return chain;
    }

    /**
     * The sweep's part: an attempt left unsettled is undone whole (every step, each for this attempt
     * only) and REJECTED; emits whether it is settled now.
     */
    public Uni<Boolean> settle(CheckoutAttempts.Unsettled unsettled) {
        Attempt attempt = new Attempt(null, unsettled.id(), unsettled.pointsRedeemed(), unsettled.attempt(), Map.of());
        return undo(attempt, steps.size())
                .chain(undone -> !undone
                        ? Uni.createFrom().item(Boolean.FALSE)
                        : sessions.withTransaction(session -> attempts.rejected(
                                session, unsettled.id(), unsettled.attempt(), "left unsettled; undone by the sweep")));
    }

    private static String reason(Throwable failure) {
        return failure instanceof ProblemException problem
                ? problem.getMessage()
                : failure.getClass().getSimpleName() + ": " + failure.getMessage();
    }
}
