package com.unifiedcommerce.order.app;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.unifiedcommerce.contracts.common.Money;
import com.unifiedcommerce.contracts.common.TenderType;
import com.unifiedcommerce.order.api.OrderViews;
import com.unifiedcommerce.order.client.Failures;
import com.unifiedcommerce.order.client.InventoryApi;
import com.unifiedcommerce.order.client.PaymentApi;
import com.unifiedcommerce.order.client.Services;
import com.unifiedcommerce.order.domain.Order;
import com.unifiedcommerce.order.domain.OrderStatus;
import com.unifiedcommerce.order.store.Orders;
import com.unifiedcommerce.platform.calls.Refused;
import com.unifiedcommerce.platform.outbox.Outbox;
import com.unifiedcommerce.platform.problem.Problem;
import com.unifiedcommerce.platform.problem.ProblemException;
import com.unifiedcommerce.platform.problem.ProblemType;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import org.eclipse.microprofile.config.inject.ConfigProperty;
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

    private final List<Step> steps = List.of(
            new Step("hold stock", this::holdStock, this::releaseStock),
            new Step("hold points", this::holdPoints, this::releasePoints),
            new Step("hold gift cards", this::holdGiftCards, this::releaseGiftCards),
            new Step("authorise card", this::authoriseCard, this::releaseCard),
            new Step(
                    "commit stock",
                    this::commitStock,
                    attempt -> Uni.createFrom().voidItem()));

    @Inject
    Services services;

    @Inject
    Mutiny.SessionFactory sessions;

    @Inject
    Orders orders;

    @Inject
    Outbox outbox;

    @Inject
    Lifecycle lifecycle;

    /** How long stock and points are held while an order is being placed. */
    @ConfigProperty(name = "order.hold-seconds", defaultValue = "900")
    int holdSeconds;

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
        return sessions.withTransaction(session -> orders.place(session, placed, attempt.number, actor)
                .chain(recorded -> {
                    if (recorded.isEmpty()) {
                        throw new ProblemException(
                                ProblemType.UNAVAILABLE,
                                "The checkout took too long and was undone; retry with the same Idempotency-Key");
                    }
                    Uni<?> events = outbox.append(session, placed.id(), OrderEvents.placed(placed));
                    if (placed.status() == OrderStatus.PICKED_UP) {
                        events = events.chain(() -> outbox.append(session, placed.id(), OrderEvents.pickedUp(placed)));
                    }
                    // Answered from what the placing statement recorded: no second read of the row.
                    Order saved = recorded.get().order();
                    return events.replaceWith(new Placed(
                            saved,
                            OrderViews.of(saved, null, List.of(recorded.get().history()))));
                }));
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
        return sessions.withTransaction(session -> orders.compensating(session, orderId, attempt.number))
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
                                    ? sessions.withTransaction(session ->
                                                    orders.rejected(session, orderId, attempt.number, reason(failure)))
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
    public Uni<Boolean> settle(Orders.Unsettled unsettled) {
        Attempt attempt = new Attempt(null, unsettled.id(), unsettled.pointsRedeemed(), unsettled.attempt(), Map.of());
        return undo(attempt, steps.size())
                .chain(undone -> !undone
                        ? Uni.createFrom().item(Boolean.FALSE)
                        : sessions.withTransaction(session -> orders.rejected(
                                session, unsettled.id(), unsettled.attempt(), "left unsettled; undone by the sweep")));
    }

    private static String reason(Throwable failure) {
        return failure instanceof ProblemException problem
                ? problem.getMessage()
                : failure.getClass().getSimpleName() + ": " + failure.getMessage();
    }

    // ---- the steps --------------------------------------------------------------------------

    private Uni<Void> holdStock(Attempt attempt) {
        Order order = attempt.order;
        List<InventoryApi.Line> lines = lines(order);
        InventoryApi.HoldRequest hold = new InventoryApi.HoldRequest(
                order.locationId(), order.id(), holdSeconds, lines, attempt.number, true, attempt.itemVersions);
        return services.reserve(hold)
                .onFailure(Refused.class)
                .transform(failure -> stockRefused((Refused) failure))
                .onFailure(failure -> !(failure instanceof ProblemException))
                .transform(failure -> Failures.unavailable("inventory", failure))
                .invoke(reservation -> {
                    boolean ours = order.id().equals(reservation.reference())
                            && order.locationId().equals(reservation.locationId())
                            && reservation.attempt() == attempt.number
                            && ("HELD".equals(reservation.status()) || "COMMITTED".equals(reservation.status()))
                            && lines.equals(sorted(reservation.lines()));
                    if (!ours) {
                        throw notHeld("inventory answered a hold that is not this order's: " + reservation);
                    }
                    attempt.reservationId = reservation.id();
                    attempt.stockCommitted = "COMMITTED".equals(reservation.status());
                })
                .replaceWithVoid();
    }

    private Uni<Void> releaseStock(Attempt attempt) {
        return services.releaseStock(attempt.orderId, attempt.number)
                .replaceWithVoid()
                // A refusal means nothing of this attempt's is held (never held, superseded, gone).
                .onFailure(Refused.class)
                .recoverWithNull();
    }

    private Uni<Void> holdPoints(Attempt attempt) {
        Order order = attempt.order;
        if (order.pointsRedeemed() == 0) {
            return Uni.createFrom().voidItem();
        }
        return services.holdPoints(order.customerId(), order.id(), order.pointsRedeemed(), holdSeconds, attempt.number)
                .onFailure(Refused.class)
                .transform(failure -> pointsRefused((Refused) failure))
                .onFailure(failure -> !(failure instanceof ProblemException))
                .transform(failure -> Failures.unavailable("loyalty", failure))
                .invoke(hold -> {
                    boolean ours = order.id().equals(hold.reference())
                            && "HELD".equals(hold.status())
                            && hold.points() == order.pointsRedeemed()
                            && hold.attempt() == attempt.number;
                    if (!ours) {
                        throw notHeld("loyalty answered a hold that is not this order's: " + hold);
                    }
                })
                .replaceWithVoid();
    }

    private Uni<Void> releasePoints(Attempt attempt) {
        if (attempt.points == 0) {
            return Uni.createFrom().voidItem();
        }
        return services.releasePoints(attempt.orderId, attempt.number)
                .replaceWithVoid()
                .onFailure(Refused.class)
                .recoverWithNull();
    }

    private Uni<Void> holdGiftCards(Attempt attempt) {
        Order order = attempt.order;
        List<Order.Payment> giftCards = order.tenders().stream()
                .filter(tender -> tender.type() == TenderType.GIFT_CARD)
                .toList();
        return Multi.createFrom()
                .iterable(giftCards)
                .onItem()
                .transformToUniAndConcatenate(tender -> services.holdGiftCard(
                                tender.reference(),
                                new PaymentApi.GiftCardHold(
                                        order.id(), new Money(tender.amount(), order.currency()), attempt.number))
                        .onFailure(Refused.class)
                        .transform(failure -> giftCardRefused((Refused) failure))
                        .onFailure(failure -> !(failure instanceof ProblemException))
                        .transform(failure -> Failures.unavailable("payment", failure))
                        .invoke(held -> {
                            boolean ours = order.id().equals(held.orderId())
                                    && "HELD".equals(held.status())
                                    && held.amount() == tender.amount()
                                    && held.attempt() == attempt.number;
                            if (!ours) {
                                throw notHeld("payment answered a gift card hold that is not this attempt's: " + held);
                            }
                        }))
                .collect()
                .last()
                .replaceWithVoid();
    }

    private Uni<Void> releaseGiftCards(Attempt attempt) {
        if (attempt.order != null
                && attempt.order.tenders().stream().noneMatch(t -> t.type() == TenderType.GIFT_CARD)) {
            return Uni.createFrom().voidItem();
        }
        return services.releaseGiftCards(attempt.orderId, attempt.number)
                .replaceWithVoid()
                .onFailure(Refused.class)
                .recoverWithNull();
    }

    private Uni<Void> authoriseCard(Attempt attempt) {
        Order order = attempt.order;
        Optional<Order.Payment> card = order.tenders().stream()
                .filter(tender -> tender.type() == TenderType.CARD)
                .findFirst();
        if (card.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Money amount = new Money(card.get().amount(), order.currency());
        return services.authoriseCard(
                        new PaymentApi.Authorise(order.id(), amount, card.get().reference(), attempt.number))
                .onFailure(Refused.class)
                .transform(failure -> cardRefused((Refused) failure))
                .onFailure(failure -> !(failure instanceof ProblemException))
                .transform(failure -> Failures.unavailable("payment", failure))
                .invoke(payment -> {
                    boolean ours = order.id().equals(payment.orderId())
                            && "AUTHORISED".equals(payment.status())
                            && amount.equals(payment.authorised());
                    if (!ours) {
                        throw notHeld("payment answered an authorisation that is not this order's: " + payment);
                    }
                })
                .replaceWithVoid();
    }

    private Uni<Void> releaseCard(Attempt attempt) {
        if (attempt.order != null && attempt.order.tenders().stream().noneMatch(t -> t.type() == TenderType.CARD)) {
            return Uni.createFrom().voidItem();
        }
        return services.releaseCard(attempt.orderId, attempt.number)
                .replaceWithVoid()
                // A refusal means the payment service holds nothing of this attempt's.
                .onFailure(Refused.class)
                .recoverWithNull();
    }

    private Uni<Void> commitStock(Attempt attempt) {
        if (attempt.stockCommitted) {
            return Uni.createFrom().voidItem(); // held COMMITTED at once: nothing left to do
        }
        return services.commitStock(attempt.reservationId, attempt.orderId, attempt.number)
                .onFailure(Refused.class)
                .transform(failure -> notHeld("the stock hold ended before the order was placed: "
                        + ((Refused) failure).problem().getOrDefault("detail", "")))
                .onFailure(failure -> !(failure instanceof ProblemException))
                .transform(failure -> Failures.unavailable("inventory", failure))
                .invoke(reservation -> {
                    if (!"COMMITTED".equals(reservation.status()) || !attempt.reservationId.equals(reservation.id())) {
                        throw notHeld("inventory did not commit the hold: " + reservation);
                    }
                })
                .replaceWithVoid();
    }

    private static List<InventoryApi.Line> lines(Order order) {
        return sorted(order.lines().stream()
                .map(line -> new InventoryApi.Line(line.sku(), line.quantity()))
                .toList());
    }

    private static List<InventoryApi.Line> sorted(List<InventoryApi.Line> lines) {
        return lines == null
                ? List.of()
                : lines.stream()
                        .sorted(Comparator.comparing(InventoryApi.Line::sku))
                        .toList();
    }

    private static ProblemException notHeld(String why) {
        LOG.warn(why);
        return ProblemException.conflict(
                "The stock or points could not be held for this order; nothing was ordered, retry", Map.of());
    }

    private static ProblemException stockRefused(Refused refused) {
        if (refused.status() == 409 && refused.problem().containsKey("shortLines")) {
            return ProblemException.conflict(
                    "Not enough stock at the fulfilling location for every line; nothing was ordered",
                    Map.of("shortLines", refused.problem().get("shortLines")));
        }
        if (refused.status() == 409 && refused.problem().containsKey("changedItems")) {
            return ProblemException.conflict(
                    "The price or terms of some items changed while this order was checked out; nothing was"
                            + " ordered, check the basket and retry",
                    Map.of(CHANGED_ITEMS, refused.problem().get("changedItems")));
        }
        if (refused.status() == 409) {
            return notHeld("inventory refused the hold: " + refused.problem().getOrDefault("detail", ""));
        }
        return ProblemException.invalid(
                "lines", String.valueOf(refused.problem().getOrDefault("detail", "refused by inventory")));
    }

    /** A gift card tender's refusal: 402 naming the tender when it has not enough, 400 when there is no such card. */
    private static ProblemException giftCardRefused(Refused refused) {
        String detail = String.valueOf(refused.problem().getOrDefault("detail", "refused by the payment service"));
        return switch (refused.status()) {
            case 402 ->
                new ProblemException(
                        ProblemType.PAYMENT_DECLINED,
                        detail,
                        List.of(new Problem.FieldError("tenders.reference", "not enough on the gift card")),
                        Map.of("tender", "GIFT_CARD", "declineCode", "insufficient_funds"));
            case 404 -> ProblemException.invalid("tenders.reference", "no gift card has this code");
            case 400 -> ProblemException.invalid("tenders.reference", "the gift card was refused: " + detail);
            default -> ProblemException.conflict(detail + "; nothing was ordered", Map.of());
        };
    }

    /** The card tender's refusal: 402 naming the tender when declined, else what the payment service said. */
    private static ProblemException cardRefused(Refused refused) {
        String detail = String.valueOf(refused.problem().getOrDefault("detail", "refused by the payment service"));
        if (refused.status() == 402) {
            return new ProblemException(
                    ProblemType.PAYMENT_DECLINED,
                    detail + "; nothing was ordered",
                    List.of(new Problem.FieldError("tenders.reference", "the card was declined")),
                    Map.of("tender", "CARD", "declineCode", refused.problem().getOrDefault("declineCode", "declined")));
        }
        if (refused.status() == 400) {
            return ProblemException.invalid("tenders.reference", "the card token was refused: " + detail);
        }
        return ProblemException.conflict(detail + "; nothing was ordered", Map.of());
    }

    private static ProblemException pointsRefused(Refused refused) {
        if (refused.status() == 404) {
            return ProblemException.invalid("pointsToRedeem", "the customer has no points yet");
        }
        if (refused.status() == 409 && refused.problem().containsKey("available")) {
            return ProblemException.conflict(
                    "Not enough points available; nothing was ordered",
                    Map.of("availablePoints", refused.problem().get("available")));
        }
        return notHeld("loyalty refused the hold: " + refused.problem().getOrDefault("detail", ""));
    }
}
