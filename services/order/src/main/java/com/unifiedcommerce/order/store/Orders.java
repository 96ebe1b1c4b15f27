package com.unifiedcommerce.order.store;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.Tuple;

import com.unifiedcommerce.contracts.common.Channel;
import com.unifiedcommerce.order.domain.Order;
import com.unifiedcommerce.order.domain.OrderStatus;
import com.unifiedcommerce.platform.store.Columns;
import com.unifiedcommerce.platform.store.JsonText;
import io.smallrye.mutiny.Uni;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * The order ledger's rows. An order is one row (lines and tenders as JSON); every change is one
 * statement that checks the status it starts from and appends the history entry with it.
 */
@ApplicationScoped
public class Orders {

    /** An order's columns, named as {@link Order}'s components; the JSON documents are read as text. */
    static final String COLUMNS = """
            id, customer_id, channel, fulfilment, location_id, status, currency, total, points_redeemed, points_value,
            CAST(lines AS text) AS lines, CAST(tenders AS text) AS tenders,
            CAST(shipping_address AS text) AS shipping_address, carrier, tracking, reservation_id, pickup_hold_hours,
            pickup_code_hash, pickup_deadline, pickup_attempts, pickup_locked, created_at, updated_at\
            """;

    static final Columns<Order> ORDER = Columns.of(Order.class);

    /** Who made a change, through which channel, at which location, and why. */
    public record Actor(String subject, String channel, String locationId, String reason) {}

    public record History(
            OrderStatus from,
            OrderStatus to,
            String actor,
            String channel,
            String locationId,
            String reason,
            Instant at) {}

    public record Page(List<Order> items, long total) {}

    @Inject
    JsonText jsonText;

    /**
     * Orders whose stock must be held in inventory (PLACED, READY_FOR_PICKUP) or may be (a
     * checkout in flight), by id after {@code after}: what reconciliation compares with the
     * inventory's open holds.
     */
    public Uni<List<Order>> holdingStock(Mutiny.Session session, String after, int limit) {
        return session.createNativeQuery(
                        "SELECT " + COLUMNS + " FROM customer_order WHERE status IN ('PLACED', 'READY_FOR_PICKUP',"
                                + " 'PENDING', 'COMPENSATING') AND id > ?1 ORDER BY id LIMIT ?2",
                        Tuple.class)
                .setParameter(1, after)
                .setParameter(2, limit)
                .getResultList()
                .map(rows -> ORDER.all(rows));
    }

    /** Orders paid (in part) with a card or gift cards, past checkout, after {@code after} by id: one page. */
    public Uni<List<Order>> paidByCard(Mutiny.Session session, String after, int limit) {
        return session.createNativeQuery(
                        "SELECT " + COLUMNS + " FROM customer_order WHERE id > ?1"
                                + " AND status NOT IN ('PENDING', 'COMPENSATING') AND EXISTS (SELECT 1"
                                + " FROM jsonb_array_elements(tenders) t WHERE t->>'type' IN ('CARD', 'GIFT_CARD'))"
                                + " ORDER BY id LIMIT ?2",
                        Tuple.class)
                .setParameter(1, after)
                .setParameter(2, limit)
                .getResultList()
                .map(rows -> ORDER.all(rows));
    }

    public Uni<Optional<Order>> find(Mutiny.Session session, String id) {
        return one(session, "SELECT " + COLUMNS + " FROM customer_order WHERE id = ?1", id);
    }

    /** The order, locked for a change in this transaction. */
    public Uni<Optional<Order>> lock(Mutiny.Session session, String id) {
        return one(session, "SELECT " + COLUMNS + " FROM customer_order WHERE id = ?1 FOR UPDATE", id);
    }

    private Uni<Optional<Order>> one(Mutiny.Session session, String sql, String id) {
        return session.createNativeQuery(sql, Tuple.class)
                .setParameter(1, id)
                .getResultList()
                .map(rows -> rows.stream().findFirst().map(ORDER));
    }

    /**
     * Writes the changed order if it is still in {@code from}, and appends the history entry when
     * the status changed; emits false when the order had moved on.
     */
    public Uni<Boolean> update(Mutiny.Session session, Order changed, OrderStatus from, Actor actor) {
        return session.createNativeQuery(
                        "WITH u AS (UPDATE customer_order SET status = ?2, lines = CAST(CAST(?3 AS text) AS jsonb),"
                                + " carrier = ?4, tracking = ?5, pickup_code_hash = ?6, pickup_deadline = ?7,"
                                + " pickup_attempts = ?8, pickup_locked = ?9, customer_id = ?10,"
                                + " updated_at = clock_timestamp() WHERE id = ?1 AND status = ?11 RETURNING id)"
                                + " , h AS (INSERT INTO order_history (order_id, from_status, to_status, actor, channel,"
                                + " location_id, reason) SELECT id, ?11, ?2, ?12, ?13, ?14, ?15 FROM u"
                                + " WHERE CAST(?2 AS text) <> CAST(?11 AS text)"
                                + " RETURNING 1) SELECT count(*) FROM u",
                        Long.class)
                .setParameter(1, changed.id())
                .setParameter(2, changed.status().name())
                .setParameter(3, jsonText.of(changed.lines()))
                .setParameter(4, changed.carrier())
                .setParameter(5, changed.tracking())
                .setParameter(6, changed.pickupCodeHash())
                .setParameter(7, changed.pickupDeadline())
                .setParameter(8, changed.pickupAttempts())
                .setParameter(9, changed.pickupLocked())
                .setParameter(10, changed.customerId())
                .setParameter(11, from.name())
                .setParameter(12, actor.subject())
                .setParameter(13, actor.channel())
                .setParameter(14, actor.locationId())
                .setParameter(15, actor.reason())
                .getSingleResult()
                .map(count -> count.longValue() == 1);
    }

    public Uni<List<History>> history(Mutiny.Session session, String orderId) {
        return session.createNativeQuery(
                        "SELECT from_status AS \"from\", to_status AS \"to\", actor, channel, location_id, reason, at FROM order_history"
                                + " WHERE order_id = ?1 ORDER BY id",
                        Tuple.class)
                .setParameter(1, orderId)
                .getResultList()
                .map(Columns.of(History.class)::all);
    }

    /**
     * A page of orders, newest first, filtered by any of customer, location, status and channel
     * (null: any). One query for the page and the total.
     */
    public Uni<Page> search(
            Mutiny.Session session,
            String customerId,
            String locationId,
            OrderStatus status,
            Channel channel,
            int page,
            int size) {
        return session.createNativeQuery(
                        "SELECT " + COLUMNS + ", count(*) OVER () AS total FROM customer_order"
                                + " WHERE status NOT IN ('PENDING', 'COMPENSATING', 'REJECTED')"
                                + " AND (CAST(?1 AS text) IS NULL OR customer_id = ?1)"
                                + " AND (CAST(?2 AS text) IS NULL OR location_id = ?2)"
                                + " AND (CAST(?3 AS text) IS NULL OR status = ?3)"
                                + " AND (CAST(?4 AS text) IS NULL OR channel = ?4)"
                                + " ORDER BY created_at DESC, id LIMIT ?5 OFFSET ?6",
                        Tuple.class)
                .setParameter(1, customerId)
                .setParameter(2, locationId)
                .setParameter(3, status == null ? null : status.name())
                .setParameter(4, channel == null ? null : channel.name())
                .setParameter(5, size)
                .setParameter(6, (long) page * size)
                .getResultList()
                .map(rows -> new Page(
                        ORDER.all(rows), rows.isEmpty() ? 0 : rows.getFirst().get("total", Long.class)));
    }

    /** Ready orders past their pickup deadline, claimed for this transaction (SKIP LOCKED). */
    public Uni<List<Order>> claimNoShows(Mutiny.Session session, int batch) {
        return session.createNativeQuery(
                        "SELECT " + COLUMNS + " FROM customer_order WHERE status = 'READY_FOR_PICKUP'"
                                + " AND pickup_deadline <= clock_timestamp() ORDER BY pickup_deadline LIMIT ?1"
                                + " FOR UPDATE SKIP LOCKED",
                        Tuple.class)
                .setParameter(1, batch)
                .getResultList()
                .map(rows -> ORDER.all(rows));
    }

    /**
     * Orders of a customer folded into another now belong to the survivor, each with a history
     * line saying so; emits how many moved (none when repeated).
     */
    public Uni<Integer> repoint(Mutiny.Session session, String mergedId, String survivorId, String source) {
        return session.createNativeQuery(
                        "WITH moved AS (UPDATE customer_order SET customer_id = ?2, updated_at = clock_timestamp()"
                                + " WHERE customer_id = ?1 RETURNING id, status)"
                                + " INSERT INTO order_history (order_id, from_status, to_status, actor, channel,"
                                + " location_id, reason) SELECT id, status, status, ?3, NULL, NULL,"
                                + " 'customer ' || CAST(?1 AS text) || ' merged into ' || CAST(?2 AS text) FROM moved")
                .setParameter(1, mergedId)
                .setParameter(2, survivorId)
                .setParameter(3, source)
                .executeUpdate();
    }

    /**
     * Exchange replacements still waiting for their return after {@code age}: PLACED counter
     * orders (a counter sale is handed over at once; only an exchange waits) paid with return
     * credit. Read without locks; the sweep locks each one before it changes it.
     */
    public Uni<List<Order>> waitingExchanges(Mutiny.Session session, Duration age, int batch) {
        return session.createNativeQuery(
                        "SELECT " + COLUMNS
                                + " FROM customer_order WHERE status = 'PLACED' AND fulfilment = 'CARRY_OUT'"
                                + " AND created_at <= clock_timestamp() - make_interval(secs => ?1)"
                                + " AND tenders @> CAST(CAST(?3 AS text) AS jsonb)"
                                + " ORDER BY created_at LIMIT ?2",
                        Tuple.class)
                .setParameter(1, (double) age.toSeconds())
                .setParameter(2, batch)
                .setParameter(3, "[{\"type\":\"RETURN_CREDIT\"}]")
                .getResultList()
                .map(rows -> ORDER.all(rows));
    }

    /**
     * An erased customer's shipping addresses go, except on orders still to be shipped (the
     * parcel needs it); emits how many orders lost theirs.
     */
    public Uni<Integer> eraseAddresses(Mutiny.Session session, String customerId) {
        return session.createNativeQuery(
                        "UPDATE customer_order SET shipping_address = NULL, updated_at = clock_timestamp()"
                                + " WHERE customer_id = ?1 AND shipping_address IS NOT NULL"
                                + " AND NOT (fulfilment = 'SHIP' AND status = 'PLACED')")
                .setParameter(1, customerId)
                .executeUpdate();
    }

    /** Records that a return was applied to the order; emits false when it already was. */
    public Uni<Boolean> recordReturn(Mutiny.Session session, String returnId, String orderId) {
        return session.createNativeQuery(
                        "INSERT INTO order_return (return_id, order_id) VALUES (?1, ?2) ON CONFLICT DO NOTHING")
                .setParameter(1, returnId)
                .setParameter(2, orderId)
                .executeUpdate()
                .map(inserted -> inserted == 1);
    }
}
