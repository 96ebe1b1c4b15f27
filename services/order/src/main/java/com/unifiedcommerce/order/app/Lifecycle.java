package com.unifiedcommerce.order.app;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.unifiedcommerce.contracts.common.Fulfilment;
import com.unifiedcommerce.contracts.orders.OrderCancelled;
import com.unifiedcommerce.order.domain.Order;
import com.unifiedcommerce.order.domain.OrderStatus;
import com.unifiedcommerce.order.domain.PickupCode;
import com.unifiedcommerce.order.store.Orders;
import com.unifiedcommerce.platform.idempotency.Idempotency;
import com.unifiedcommerce.platform.outbox.Outbox;
import com.unifiedcommerce.platform.problem.ProblemException;
import com.unifiedcommerce.platform.problem.ProblemType;
import com.unifiedcommerce.platform.request.Answer;
import com.unifiedcommerce.platform.security.Access;
import com.unifiedcommerce.platform.security.Caller;
import io.smallrye.mutiny.Uni;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hibernate.reactive.mutiny.Mutiny;
import org.jboss.logging.Logger;

/**
 * An order's transitions after checkout. Each locks the order, checks who may do it and that the
 * order is in a state it can leave that way (else 409), writes the change with its history entry
 * and its event in one transaction.
 */
@ApplicationScoped
public class Lifecycle {

    private static final Logger LOG = Logger.getLogger(Lifecycle.class);

    @Inject
    Mutiny.SessionFactory sessions;

    @Inject
    Orders orders;

    @Inject
    Outbox outbox;

    @Inject
    Idempotency idempotency;

    /** Required (platform Secrets stops the start without it, naming ORDER_PICKUP_CODE_SECRET). */
    @ConfigProperty(name = "order.pickup-code-secret")
    Optional<String> codeSecret;

    /** Overrides the store's hold hours (tests use seconds); empty in production. */
    @ConfigProperty(name = "order.pickup-hold")
    Optional<Duration> pickupHoldOverride;

    /** A change to make: the new order, its event, and why. */
    private record Change(Order changed, Record event, String reason) {}

    public Uni<Answer> ready(Caller who, String id, String key) {
        return change(who, id, key, "ready", Map.of(), order -> {
            requireStore(who, order);
            requireFulfilment(order, Fulfilment.PICKUP, "ready for pickup");
            requireStatus(order, OrderStatus.READY_FOR_PICKUP);
            Duration hold = pickupHoldOverride.orElse(
                    Duration.ofHours(order.pickupHoldHours() == null ? 48 : order.pickupHoldHours()));
            Instant deadline = Instant.now().plus(hold).truncatedTo(ChronoUnit.MILLIS);
            String code = code(order.id(), deadline);
            Order ready = order.with(OrderStatus.READY_FOR_PICKUP)
                    .withPickup(PickupCode.hash(order.id(), code), deadline, 0, false);
            return new Change(ready, OrderEvents.ready(ready), null);
        });
    }

    /** Hands the order over when the code is right; wrong codes count, and too many lock the pickup. */
    public Uni<Answer> pickUp(Caller who, String id, String code) {
        return sessions.withTransaction(session -> orders.lock(session, id).chain(found -> {
            Order order = found.orElseThrow(() -> ProblemException.notFound("Order " + id));
            requireStore(who, order);
            if (order.status() == OrderStatus.PICKED_UP) {
                return view(session, order, null).map(view -> Answer.of(200, view));
            }
            requireStatus(order, OrderStatus.PICKED_UP);
            if (order.pickupLocked()) {
                throw ProblemException.conflict(
                        "Pickup is locked after too many wrong codes; a manager of the store must unlock it",
                        Map.of("locked", true));
            }
            if (!PickupCode.matches(order.pickupCodeHash(), order.id(), code)) {
                int attempts = order.pickupAttempts() + 1;
                boolean locked = attempts >= PickupCode.MAX_ATTEMPTS;
                Order counted = order.withPickup(order.pickupCodeHash(), order.pickupDeadline(), attempts, locked);
                return orders.update(session, counted, order.status(), actor(who, order, "wrong pickup code"))
                        .map(saved -> new Answer(422, wrongCode(attempts, locked), Answer.PROBLEM, false));
            }
            Order picked = order.with(OrderStatus.PICKED_UP);
            return apply(session, order, new Change(picked, OrderEvents.pickedUp(picked), null), who)
                    .map(view -> Answer.of(200, view));
        }));
    }

    public Uni<Answer> unlockPickup(Caller who, String id, String key) {
        return change(who, id, key, "unlock-pickup", Map.of(), order -> {
            Access.require(Access.managingStore(who, order.locationId()), "Order " + order.id());
            if (order.status() != OrderStatus.READY_FOR_PICKUP || !order.pickupLocked()) {
                throw ProblemException.conflict("The pickup is not locked", Map.of("status", order.status()));
            }
            return new Change(
                    order.withPickup(order.pickupCodeHash(), order.pickupDeadline(), 0, false),
                    null,
                    "pickup unlocked");
        });
    }

    public Uni<Answer> ship(Caller who, String id, String key, String carrier, String tracking) {
        return change(who, id, key, "ship", Map.of("carrier", carrier, "tracking", tracking), order -> {
            requireStore(who, order);
            requireFulfilment(order, Fulfilment.SHIP, "shipped");
            requireStatus(order, OrderStatus.SHIPPED);
            Order shipped = order.with(OrderStatus.SHIPPED).withShipment(carrier, tracking);
            return new Change(shipped, OrderEvents.shipped(shipped), null);
        });
    }

    public Uni<Answer> deliver(Caller who, String id, String key) {
        return change(who, id, key, "deliver", Map.of(), order -> {
            requireStore(who, order);
            requireStatus(order, OrderStatus.DELIVERED);
            Order delivered = order.with(OrderStatus.DELIVERED);
            return new Change(delivered, OrderEvents.delivered(delivered), null);
        });
    }

    /**
     * The customer (their own order), staff of the order's store, or admin cancels a placed or ready
     * order. An exchange's replacement waiting for its return is ended only by the exchange flow
     * (the returns service, {@code exchangeFlow}), never by anyone else: its return's refund was
     * reduced by what it paid.
     */
    public Uni<Answer> cancel(Caller who, String id, String key, boolean exchangeFlow) {
        return change(who, id, key, "cancel", Map.of(), order -> {
            if (order.awaitsExchange() && !exchangeFlow) {
                throw ProblemException.conflict(
                        "This order is the replacement of an exchange in progress; only the exchange can end it",
                        Map.of("status", order.status()));
            }
            OrderCancelled.Reason reason;
            if (who.has(Caller.CUSTOMER) && !who.has(Caller.ADMIN)) {
                Access.require(Access.toCustomer(who, order.customerId()), "Order " + order.id());
                reason = OrderCancelled.Reason.CUSTOMER;
            } else {
                requireStore(who, order);
                reason = OrderCancelled.Reason.STORE;
            }
            requireStatus(order, OrderStatus.CANCELLED);
            Order cancelled = order.with(OrderStatus.CANCELLED);
            return new Change(cancelled, OrderEvents.cancelled(cancelled, reason), reason.name());
        });
    }

    /** Cancels a ready order nobody collected by its deadline (the no-show job, in its claim's transaction). */
    public Uni<Void> noShow(Mutiny.Session session, Order order) {
        Order cancelled = order.with(OrderStatus.CANCELLED);
        Caller job = new Caller("no-show-job", Set.of(Caller.SERVICE), null, null);
        return apply(
                        session,
                        order,
                        new Change(
                                cancelled,
                                OrderEvents.cancelled(cancelled, OrderCancelled.Reason.NO_SHOW),
                                OrderCancelled.Reason.NO_SHOW.name()),
                        job)
                .replaceWithVoid();
    }

    /**
     * Hands over the replacement order of an exchange once its return is accepted (the returns
     * consumer, in its transaction): PLACED becomes PICKED_UP with OrderPickedUp, so its stock is
     * taken and its points earned like any counter sale. Already handed over: nothing to do.
     */
    public Uni<Void> handOverExchange(Mutiny.Session session, Order order, String returnId, String locationId) {
        if (order.status() != OrderStatus.PLACED || order.fulfilment() != Fulfilment.CARRY_OUT) {
            // Handed over already (a repeat), or ended otherwise: nothing to hand over. Only the
            // exchange flow can end a waiting replacement (cancel refuses it, the sweep asks the
            // returns service first), so an ended one is a fault the reconciliation reports.
            if (order.status() != OrderStatus.PICKED_UP && order.status() != OrderStatus.RETURNED) {
                LOG.errorf(
                        "Exchange order %s of accepted return %s is %s; it was not handed over",
                        order.id(), returnId, order.status());
            }
            return Uni.createFrom().voidItem();
        }
        Order picked = order.with(OrderStatus.PICKED_UP);
        Caller returns = new Caller("returns", Set.of(Caller.SERVICE), null, locationId);
        return apply(
                        session,
                        order,
                        new Change(picked, OrderEvents.pickedUp(picked), "exchange for return " + returnId),
                        returns)
                .replaceWithVoid();
    }

    /**
     * Cancels an exchange replacement whose return was never accepted (the sweep, in its
     * transaction): OrderCancelled releases its stock. Anything but a waiting one is left alone.
     */
    public Uni<Void> abandonExchange(Mutiny.Session session, Order order, String returnId) {
        if (order.status() != OrderStatus.PLACED || order.fulfilment() != Fulfilment.CARRY_OUT) {
            return Uni.createFrom().voidItem();
        }
        Order cancelled = order.with(OrderStatus.CANCELLED);
        Caller sweep = new Caller("exchange-sweep", Set.of(Caller.SERVICE), null, null);
        return apply(
                        session,
                        order,
                        new Change(
                                cancelled,
                                OrderEvents.cancelled(cancelled, OrderCancelled.Reason.HOLD_EXPIRED),
                                "return " + returnId + " was never accepted"),
                        sweep)
                .replaceWithVoid();
    }

    /** The order as the caller may see it: the pickup code only for the customer who owns it. */
    public Uni<OrderViews.OrderView> view(Mutiny.Session session, Order order, Caller reader) {
        String code = reader != null
                        && reader.has(Caller.CUSTOMER)
                        && order.customerId() != null
                        && order.customerId().equals(reader.customerId())
                        && order.status() == OrderStatus.READY_FOR_PICKUP
                ? code(order.id(), order.pickupDeadline())
                : null;
        return orders.history(session, order.id()).map(history -> OrderViews.of(order, code, history));
    }

    /**
     * What the customer's notification needs to tell them (services only: the customer service,
     * which sends the ready-for-pickup message and its reminder): where and until when the order
     * waits, and its code while it waits. The code never travels in an event; this answer goes
     * straight into the message, and the caller never stores or logs it.
     */
    public OrderViews.PickupNotice notice(Order order) {
        boolean waiting = order.status() == OrderStatus.READY_FOR_PICKUP;
        return new OrderViews.PickupNotice(
                order.id(),
                order.customerId(),
                order.status(),
                order.locationId(),
                waiting ? order.pickupDeadline() : null,
                waiting ? code(order.id(), order.pickupDeadline()) : null);
    }

    /**
     * A transition under the caller's Idempotency-Key; {@code body} is what the request said
     * besides the route (e.g. the tracking number), so the same key with another body is refused.
     */
    private Uni<Answer> change(
            Caller who, String id, String key, String action, Object body, Function<Order, Change> decide) {
        String scope = who.subject() + " POST /api/orders/" + id + "/" + action;
        return idempotency.answer(
                key,
                scope,
                Map.of("order", id, "action", action, "body", body),
                session -> orders.lock(session, id)
                        .chain(found -> {
                            Order order = found.orElseThrow(() -> ProblemException.notFound("Order " + id));
                            readable(who, order);
                            Change change = decide.apply(order);
                            return apply(session, order, change, who);
                        })
                        .map(view -> new Idempotency.Outcome(200, view)));
    }

    private Uni<OrderViews.OrderView> apply(Mutiny.Session session, Order before, Change change, Caller who) {
        return orders.update(session, change.changed(), before.status(), actor(who, before, change.reason()))
                .chain(saved -> {
                    if (!saved) {
                        throw ProblemException.conflict("The order changed meanwhile; read it and retry", Map.of());
                    }
                    return change.event() == null
                            ? Uni.createFrom().voidItem()
                            : outbox.append(session, before.id(), change.event())
                                    .replaceWithVoid();
                })
                .chain(() -> orders.find(session, before.id()))
                .chain(saved -> view(session, saved.orElseThrow(), null));
    }

    /**
     * Who may know the order exists: its customer, staff of its store, admin, services; and only
     * once it is placed (a checkout in flight or rejected is not an order).
     */
    public static void readable(Caller who, Order order) {
        if (order.status().checkingOut()) {
            throw ProblemException.notFound("Order " + order.id());
        }
        if (who.has(Caller.CUSTOMER) && !who.has(Caller.ADMIN)) {
            Access.require(
                    order.customerId() == null ? Access.Decision.NOT_FOUND : Access.toCustomer(who, order.customerId()),
                    "Order " + order.id());
        } else if (!who.has(Caller.ADMIN) && !who.has(Caller.SERVICE)) {
            Access.require(Access.atStore(who, order.locationId()), "Order " + order.id());
        }
    }

    private static void requireStore(Caller who, Order order) {
        Access.require(Access.atStore(who, order.locationId()), "Order " + order.id());
        if (who.has(Caller.CUSTOMER) && !who.has(Caller.ADMIN)) {
            throw new ProblemException(ProblemType.FORBIDDEN, "Only the store's staff may do this");
        }
    }

    private static void requireFulfilment(Order order, Fulfilment fulfilment, String what) {
        if (order.fulfilment() != fulfilment) {
            throw ProblemException.conflict(
                    "A " + order.fulfilment() + " order is not " + what, Map.of("fulfilment", order.fulfilment()));
        }
    }

    private static void requireStatus(Order order, OrderStatus target) {
        if (!order.status().canBecome(target)) {
            throw ProblemException.conflict(
                    "An order that is " + order.status() + " cannot become " + target,
                    Map.of("status", order.status(), "allowed", order.status().next()));
        }
    }

    private static Orders.Actor actor(Caller who, Order order, String reason) {
        return new Orders.Actor(
                who.subject(),
                order.channel().name(),
                who.storeId() != null ? who.storeId() : order.locationId(),
                reason);
    }

    private String code(String orderId, Instant deadline) {
        byte[] secret = codeSecret
                .orElseThrow(() -> new IllegalStateException("order.pickup-code-secret is not set"))
                .getBytes(StandardCharsets.UTF_8);
        return PickupCode.derive(secret, orderId, deadline);
    }

    private static Map<String, Object> wrongCode(int attempts, boolean locked) {
        return Map.of(
                "type",
                ProblemType.VALIDATION.uri(),
                "title",
                "The pickup code is not right",
                "status",
                422,
                "detail",
                locked
                        ? "Wrong code; pickup is now locked and needs a manager of the store"
                        : "Wrong code; " + (PickupCode.MAX_ATTEMPTS - attempts) + " tries left",
                "attemptsLeft",
                PickupCode.MAX_ATTEMPTS - attempts,
                "locked",
                locked,
                "errors",
                List.of(Map.of("field", "code", "reason", "does not match")));
    }
}
