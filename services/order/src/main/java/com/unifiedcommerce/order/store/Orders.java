package com.unifiedcommerce.order.store;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.unifiedcommerce.contracts.common.Channel;
import com.unifiedcommerce.contracts.common.Fulfilment;
import com.unifiedcommerce.order.domain.Order;
import com.unifiedcommerce.order.domain.OrderStatus;
import io.smallrye.mutiny.Uni;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * The order ledger's rows. An order is one row (lines and tenders as JSON); every change is one
 * statement that checks the status it starts from and appends the history entry with it.
 */
@ApplicationScoped
public class Orders {

    private static final String COLUMNS = "id, customer_id, channel, fulfilment, location_id, status, currency, total,"
            + " points_redeemed, points_value, CAST(lines AS text), CAST(tenders AS text),"
            + " CAST(shipping_address AS text), carrier, tracking, reservation_id, pickup_hold_hours, pickup_code_hash,"
            + " pickup_deadline,"
            + " pickup_attempts, pickup_locked, created_at, updated_at";

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
    ObjectMapper json;

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
                .setParameter(10, write(order.lines()))
                .setParameter(11, write(order.tenders()))
                .setParameter(12, order.shippingAddress() == null ? null : write(order.shippingAddress()))
                .setParameter(13, order.pickupHoldHours())
                .setParameter(14, requestHash)
                .getResultList()
                .map(rows -> rows.stream().findFirst().map(Number::intValue));
    }

    /**
     * The point of no return of a checkout: the attempt's PENDING order becomes {@code placed}
     * (PLACED, or PICKED_UP at the counter) with its hold and first history entry. Emits the order
     * as recorded and that entry, from the same statement (checkout answers with them without
     * reading the row again); empty when the row is no longer this attempt's PENDING order (the
     * sweep took it over).
     */
    public Uni<Optional<Recorded>> place(Mutiny.Session session, Order placed, int attempt, Actor actor) {
        return session.createNativeQuery(
                        "WITH o AS (UPDATE customer_order SET status = ?2, reservation_id = ?3,"
                                + " updated_at = clock_timestamp() WHERE id = ?1 AND status = 'PENDING' AND attempt = ?4"
                                + " RETURNING id, created_at, updated_at)"
                                + " , h AS (INSERT INTO order_history (order_id, from_status, to_status, actor, channel,"
                                + " location_id, reason) SELECT id, NULL, ?2, ?5, ?6, ?7, ?8 FROM o RETURNING at)"
                                + " SELECT o.created_at, o.updated_at, h.at FROM o CROSS JOIN h",
                        Object[].class)
                .setParameter(1, placed.id())
                .setParameter(2, placed.status().name())
                .setParameter(3, placed.reservationId())
                .setParameter(4, attempt)
                .setParameter(5, actor.subject())
                .setParameter(6, actor.channel())
                .setParameter(7, actor.locationId())
                .setParameter(8, actor.reason())
                .getResultList()
                .map(rows -> rows.stream()
                        .findFirst()
                        .map(row -> new Recorded(
                                placed.recordedAt(instant(row[0]), instant(row[1])),
                                new History(
                                        null,
                                        placed.status(),
                                        actor.subject(),
                                        actor.channel(),
                                        actor.locationId(),
                                        actor.reason(),
                                        instant(row[2])))));
    }

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
                                + " SELECT EXISTS (SELECT 1 FROM u), status, attempt FROM customer_order WHERE id = ?1",
                        Object[].class)
                .setParameter(1, id)
                .setParameter(2, attempt)
                .getResultList()
                .map(rows -> rows.stream()
                        .findFirst()
                        .map(row -> new Failed(
                                (Boolean) row[0], OrderStatus.valueOf((String) row[1]), ((Number) row[2]).intValue())));
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
                        Object[].class)
                .setParameter(1, (double) age.toMillis() / 1000)
                .setParameter(2, batch)
                .getResultList()
                .map(rows -> rows.stream()
                        .map(row -> new Unsettled(
                                (String) row[0], ((Number) row[1]).intValue(), ((Number) row[2]).longValue()))
                        .toList());
    }

    /** The order with the attempt that owns it and its request's hash, for checkout. */
    public Uni<Optional<CheckoutState>> checkoutState(Mutiny.Session session, String id) {
        return session.createNativeQuery(
                        "SELECT " + COLUMNS + ", attempt, request_hash FROM customer_order WHERE id = ?1",
                        Object[].class)
                .setParameter(1, id)
                .getResultList()
                .map(rows -> rows.stream()
                        .findFirst()
                        .map(row -> new CheckoutState(order(row), ((Number) row[23]).intValue(), (String) row[24])));
    }

    /**
     * Orders whose stock must be held in inventory (PLACED, READY_FOR_PICKUP) or may be (a
     * checkout in flight), by id after {@code after}: what reconciliation compares with the
     * inventory's open holds.
     */
    public Uni<List<Order>> holdingStock(Mutiny.Session session, String after, int limit) {
        return session.createNativeQuery(
                        "SELECT " + COLUMNS + " FROM customer_order WHERE status IN ('PLACED', 'READY_FOR_PICKUP',"
                                + " 'PENDING', 'COMPENSATING') AND id > ?1 ORDER BY id LIMIT ?2",
                        Object[].class)
                .setParameter(1, after)
                .setParameter(2, limit)
                .getResultList()
                .map(rows -> rows.stream().map(this::order).toList());
    }

    /** Orders paid (in part) with a card or gift cards, past checkout, after {@code after} by id: one page. */
    public Uni<List<Order>> paidByCard(Mutiny.Session session, String after, int limit) {
        return session.createNativeQuery(
                        "SELECT " + COLUMNS + " FROM customer_order WHERE id > ?1"
                                + " AND status NOT IN ('PENDING', 'COMPENSATING') AND EXISTS (SELECT 1"
                                + " FROM jsonb_array_elements(tenders) t WHERE t->>'type' IN ('CARD', 'GIFT_CARD'))"
                                + " ORDER BY id LIMIT ?2",
                        Object[].class)
                .setParameter(1, after)
                .setParameter(2, limit)
                .getResultList()
                .map(rows -> rows.stream().map(this::order).toList());
    }

    public Uni<Optional<Order>> find(Mutiny.Session session, String id) {
        return one(session, "SELECT " + COLUMNS + " FROM customer_order WHERE id = ?1", id);
    }

    /** The order, locked for a change in this transaction. */
    public Uni<Optional<Order>> lock(Mutiny.Session session, String id) {
        return one(session, "SELECT " + COLUMNS + " FROM customer_order WHERE id = ?1 FOR UPDATE", id);
    }

    private Uni<Optional<Order>> one(Mutiny.Session session, String sql, String id) {
        return session.createNativeQuery(sql, Object[].class)
                .setParameter(1, id)
                .getResultList()
                .map(rows -> rows.stream().findFirst().map(this::order));
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
                .setParameter(3, write(changed.lines()))
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
                        "SELECT from_status, to_status, actor, channel, location_id, reason, at FROM order_history"
                                + " WHERE order_id = ?1 ORDER BY id",
                        Object[].class)
                .setParameter(1, orderId)
                .getResultList()
                .map(rows -> rows.stream()
                        .map(row -> new History(
                                row[0] == null ? null : OrderStatus.valueOf((String) row[0]),
                                OrderStatus.valueOf((String) row[1]),
                                (String) row[2],
                                (String) row[3],
                                (String) row[4],
                                (String) row[5],
                                instant(row[6])))
                        .toList());
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
                        "SELECT " + COLUMNS + ", count(*) OVER () FROM customer_order"
                                + " WHERE status NOT IN ('PENDING', 'COMPENSATING', 'REJECTED')"
                                + " AND (CAST(?1 AS text) IS NULL OR customer_id = ?1)"
                                + " AND (CAST(?2 AS text) IS NULL OR location_id = ?2)"
                                + " AND (CAST(?3 AS text) IS NULL OR status = ?3)"
                                + " AND (CAST(?4 AS text) IS NULL OR channel = ?4)"
                                + " ORDER BY created_at DESC, id LIMIT ?5 OFFSET ?6",
                        Object[].class)
                .setParameter(1, customerId)
                .setParameter(2, locationId)
                .setParameter(3, status == null ? null : status.name())
                .setParameter(4, channel == null ? null : channel.name())
                .setParameter(5, size)
                .setParameter(6, (long) page * size)
                .getResultList()
                .map(rows -> new Page(
                        rows.stream().map(this::order).toList(),
                        rows.isEmpty() ? 0 : ((Number) rows.getFirst()[23]).longValue()));
    }

    /** Ready orders past their pickup deadline, claimed for this transaction (SKIP LOCKED). */
    public Uni<List<Order>> claimNoShows(Mutiny.Session session, int batch) {
        return session.createNativeQuery(
                        "SELECT " + COLUMNS + " FROM customer_order WHERE status = 'READY_FOR_PICKUP'"
                                + " AND pickup_deadline <= clock_timestamp() ORDER BY pickup_deadline LIMIT ?1"
                                + " FOR UPDATE SKIP LOCKED",
                        Object[].class)
                .setParameter(1, batch)
                .getResultList()
                .map(rows -> rows.stream().map(this::order).toList());
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
                        Object[].class)
                .setParameter(1, (double) age.toSeconds())
                .setParameter(2, batch)
                .setParameter(3, "[{\"type\":\"RETURN_CREDIT\"}]")
                .getResultList()
                .map(rows -> rows.stream().map(this::order).toList());
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

    private Order order(Object[] row) {
        return new Order(
                (String) row[0],
                (String) row[1],
                Channel.valueOf((String) row[2]),
                Fulfilment.valueOf((String) row[3]),
                (String) row[4],
                OrderStatus.valueOf((String) row[5]),
                (String) row[6],
                ((Number) row[7]).longValue(),
                ((Number) row[8]).longValue(),
                ((Number) row[9]).longValue(),
                read((String) row[10], new TypeReference<List<Order.Line>>() {}),
                read((String) row[11], new TypeReference<List<Order.Payment>>() {}),
                row[12] == null ? null : read((String) row[12], new TypeReference<Order.Address>() {}),
                (String) row[13],
                (String) row[14],
                (String) row[15],
                row[16] == null ? null : ((Number) row[16]).intValue(),
                (String) row[17],
                row[18] == null ? null : instant(row[18]),
                ((Number) row[19]).intValue(),
                (Boolean) row[20],
                instant(row[21]),
                instant(row[22]));
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an order part could not be written as JSON", e);
        }
    }

    private <T> T read(String text, TypeReference<T> type) {
        try {
            return json.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an order row holds unreadable JSON", e);
        }
    }

    private static Instant instant(Object value) {
        return value instanceof OffsetDateTime time ? time.toInstant() : (Instant) value;
    }
}
