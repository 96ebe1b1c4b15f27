package com.unifiedcommerce.order.store;

import static com.unifiedcommerce.order.store.Orders.COLUMNS;
import static com.unifiedcommerce.order.store.Orders.ORDER;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.Tuple;

import com.unifiedcommerce.order.domain.Order;
import com.unifiedcommerce.order.domain.OrderStatus;
import com.unifiedcommerce.order.store.Orders.Actor;
import com.unifiedcommerce.order.store.Orders.History;
import com.unifiedcommerce.platform.outbox.Outbox;
import com.unifiedcommerce.platform.store.Columns;
import com.unifiedcommerce.platform.store.JsonText;
import io.smallrye.mutiny.Uni;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * A checkout's attempts on the order row: begun PENDING, placed (the point of no return), or
 * handed to compensation and REJECTED; and the sweep's claim on attempts left behind. Each step
 * is one statement that checks the attempt and status it starts from.
 */
@ApplicationScoped
public class CheckoutAttempts {

    @Inject
    JsonText jsonText;

    @Inject
    Outbox outbox;

    /** An order row as checkout sees it: the order, the attempt that owns it, and its request's hash. */
    public record CheckoutState(Order order, int attempt, String requestHash) {}

    /**
     * Starts a checkout attempt: a new order row, PENDING, as attempt 1; or, when the id was
     * REJECTED (a failed earlier attempt), the row again as the next attempt with this request.
     * Emits the attempt number, or empty when the id exists in another state (being checked out,
     * or an order already): nothing was changed then.
     */
    public Uni<Optional<Integer>> begin(Mutiny.Session session, Order order, String requestHash) {
        return session.createNativeQuery(
                        "INSERT INTO customer_order AS o (id, customer_id, channel, fulfilment, location_id, status,"
                                + " currency, total, points_redeemed, points_value, lines, tenders, shipping_address,"
                                + " pickup_hold_hours, request_hash) VALUES (?1, ?2, ?3, ?4, ?5, 'PENDING', ?6, ?7, ?8, ?9,"
                                + " CAST(CAST(?10 AS text) AS jsonb), CAST(CAST(?11 AS text) AS jsonb),"
                                + " CAST(CAST(?12 AS text) AS jsonb), CAST(?13 AS integer), ?14)"
                                + " ON CONFLICT (id) DO UPDATE SET customer_id = EXCLUDED.customer_id,"
                                + " channel = EXCLUDED.channel, fulfilment = EXCLUDED.fulfilment,"
                                + " location_id = EXCLUDED.location_id, status = 'PENDING', currency = EXCLUDED.currency,"
                                + " total = EXCLUDED.total, points_redeemed = EXCLUDED.points_redeemed,"
                                + " points_value = EXCLUDED.points_value, lines = EXCLUDED.lines,"
                                + " tenders = EXCLUDED.tenders, shipping_address = EXCLUDED.shipping_address,"
                                + " pickup_hold_hours = EXCLUDED.pickup_hold_hours,"
                                + " request_hash = EXCLUDED.request_hash, attempt = o.attempt + 1, rejection = NULL,"
                                + " updated_at = clock_timestamp() WHERE o.status = 'REJECTED' RETURNING o.attempt",
                        Integer.class)
                .setParameter(1, order.id())
                .setParameter(2, order.customerId())
                .setParameter(3, order.channel().name())
                .setParameter(4, order.fulfilment().name())
                .setParameter(5, order.locationId())
                .setParameter(6, order.currency())
                .setParameter(7, order.total())
                .setParameter(8, order.pointsRedeemed())
                .setParameter(9, order.pointsValue())
                .setParameter(10, jsonText.of(order.lines()))
                .setParameter(11, jsonText.of(order.tenders()))
                .setParameter(12, order.shippingAddress() == null ? null : jsonText.of(order.shippingAddress()))
                .setParameter(13, order.pickupHoldHours())
                .setParameter(14, requestHash)
                .getResultList()
                .map(rows -> rows.stream().findFirst().map(Number::intValue));
    }

    /**
     * The point of no return of a checkout: the attempt's PENDING order becomes {@code placed}
     * (PLACED, or PICKED_UP at the counter) with its hold, its first history entry and the events
     * that announce it ({@code announced}, in order: {@link Outbox#row}). Emits the order
     * as recorded and that entry, from the same statement (checkout answers with them without
     * reading the row again); empty when the row is no longer this attempt's PENDING order (the
     * sweep took it over).
     */
    public Uni<Optional<Recorded>> place(
            Mutiny.Session session, Order placed, int attempt, Actor actor, List<Outbox.Row> announced) {
        return session.createNativeQuery(
                        "WITH o AS (UPDATE customer_order SET status = ?2, reservation_id = ?3,"
                                + " updated_at = clock_timestamp() WHERE id = ?1 AND status = 'PENDING' AND attempt = ?4"
                                + " RETURNING id, created_at, updated_at)"
                                + " , h AS (INSERT INTO order_history (order_id, from_status, to_status, actor, channel,"
                                + " location_id, reason) SELECT id, NULL, ?2, ?5, ?6, ?7, ?8 FROM o RETURNING at)"
                                + " , e AS (" + Outbox.insertRows("?9", "o") + ")"
                                + " SELECT o.created_at, o.updated_at, h.at FROM o CROSS JOIN h",
                        Tuple.class)
                .setParameter(1, placed.id())
                .setParameter(2, placed.status().name())
                .setParameter(3, placed.reservationId())
                .setParameter(4, attempt)
                .setParameter(5, actor.subject())
                .setParameter(6, actor.channel())
                .setParameter(7, actor.locationId())
                .setParameter(8, actor.reason())
                .setParameter(9, outbox.rowsJson(announced))
                .getResultList()
                .map(rows -> rows.stream()
                        .findFirst()
                        .map(Columns.of(Stamps.class))
                        .map(stamps -> new Recorded(
                                placed.recordedAt(stamps.createdAt(), stamps.updatedAt()),
                                new History(
                                        null,
                                        placed.status(),
                                        actor.subject(),
                                        actor.channel(),
                                        actor.locationId(),
                                        actor.reason(),
                                        stamps.at()))));
    }

    /** When the placed order was created and changed, and when its first history entry was written. */
    private record Stamps(Instant createdAt, Instant updatedAt, Instant at) {}

    /** A placed order as its row now reads, and the history entry its placing wrote (its only one). */
    public record Recorded(Order order, History history) {}

    /** What a failed attempt found when it tried to hand its order over to compensation. */
    public record Failed(boolean compensating, OrderStatus status, int attempt) {}

    /**
     * A failed attempt's order, still PENDING, becomes COMPENSATING (this attempt gives back what it
     * took); otherwise nothing changes and the row's status and attempt say who owns it now.
     * Empty when the order does not exist.
     */
    public Uni<Optional<Failed>> compensating(Mutiny.Session session, String id, int attempt) {
        return session.createNativeQuery(
                        "WITH u AS (UPDATE customer_order SET status = 'COMPENSATING', updated_at = clock_timestamp()"
                                + " WHERE id = ?1 AND attempt = ?2 AND status = 'PENDING' RETURNING id)"
                                + " SELECT EXISTS (SELECT 1 FROM u) AS compensating, status, attempt FROM customer_order"
                                + " WHERE id = ?1",
                        Tuple.class)
                .setParameter(1, id)
                .setParameter(2, attempt)
                .getResultList()
                .map(rows -> rows.stream().findFirst().map(Columns.of(Failed.class)));
    }

    /** The attempt gave back everything it took: REJECTED, with why. */
    public Uni<Boolean> rejected(Mutiny.Session session, String id, int attempt, String why) {
        return session.createNativeQuery(
                        "UPDATE customer_order SET status = 'REJECTED', rejection = ?3, updated_at = clock_timestamp()"
                                + " WHERE id = ?1 AND attempt = ?2 AND status = 'COMPENSATING'")
                .setParameter(1, id)
                .setParameter(2, attempt)
                .setParameter(3, why.length() > 500 ? why.substring(0, 500) : why)
                .executeUpdate()
                .map(updated -> updated == 1);
    }

    /** A checkout the sweep settles: which attempt, and whether it spent points. */
    public record Unsettled(String id, int attempt, long pointsRedeemed) {}

    /**
     * Checkouts left PENDING or COMPENSATING for longer than {@code age} (a crash, a give-back
     * that failed), claimed as COMPENSATING by this transaction (SKIP LOCKED: one replica each);
     * the claim moves their clock, so another replica waits {@code age} again.
     */
    public Uni<List<Unsettled>> claimUnsettled(Mutiny.Session session, Duration age, int batch) {
        return session.createNativeQuery(
                        "UPDATE customer_order SET status = 'COMPENSATING', updated_at = clock_timestamp()"
                                + " WHERE id IN (SELECT id FROM customer_order WHERE status IN ('PENDING', 'COMPENSATING')"
                                + " AND updated_at <= clock_timestamp() - make_interval(secs => ?1)"
                                + " ORDER BY updated_at LIMIT ?2 FOR UPDATE SKIP LOCKED)"
                                + " RETURNING id, attempt, points_redeemed",
                        Tuple.class)
                .setParameter(1, (double) age.toMillis() / 1000)
                .setParameter(2, batch)
                .getResultList()
                .map(Columns.of(Unsettled.class)::all);
    }

    /** The order with the attempt that owns it and its request's hash, for checkout. */
    public Uni<Optional<CheckoutState>> checkoutState(Mutiny.Session session, String id) {
        return session.createNativeQuery(
                        "SELECT " + COLUMNS + ", attempt, request_hash FROM customer_order WHERE id = ?1", Tuple.class)
                .setParameter(1, id)
                .getResultList()
                .map(rows -> rows.stream()
                        .findFirst()
                        .map(row -> new CheckoutState(
                                ORDER.apply(row),
                                row.get("attempt", Integer.class),
                                row.get("request_hash", String.class))));
    }
}
