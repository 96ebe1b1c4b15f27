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

    /** Records a new order with its first history entry; emits false when the id already exists. */
    public Uni<Boolean> insert(Mutiny.Session session, Order order, Actor actor) {
        return session.createNativeQuery(
                        "WITH o AS (INSERT INTO customer_order (id, customer_id, channel, fulfilment, location_id,"
                                + " status, currency, total, points_redeemed, points_value, lines, tenders,"
                                + " shipping_address, reservation_id, pickup_hold_hours) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9,"
                                + " ?10, CAST(CAST(?11 AS text) AS jsonb), CAST(CAST(?12 AS text) AS jsonb),"
                                + " CAST(CAST(?13 AS text) AS jsonb), ?14, CAST(?19 AS integer))"
                                + " ON CONFLICT (id) DO NOTHING RETURNING id)"
                                + " INSERT INTO order_history (order_id, from_status, to_status, actor, channel,"
                                + " location_id, reason) SELECT id, NULL, ?6, ?15, ?16, ?17, ?18 FROM o")
                .setParameter(1, order.id())
                .setParameter(2, order.customerId())
                .setParameter(3, order.channel().name())
                .setParameter(4, order.fulfilment().name())
                .setParameter(5, order.locationId())
                .setParameter(6, order.status().name())
                .setParameter(7, order.currency())
                .setParameter(8, order.total())
                .setParameter(9, order.pointsRedeemed())
                .setParameter(10, order.pointsValue())
                .setParameter(11, write(order.lines()))
                .setParameter(12, write(order.tenders()))
                .setParameter(13, order.shippingAddress() == null ? null : write(order.shippingAddress()))
                .setParameter(14, order.reservationId())
                .setParameter(15, actor.subject())
                .setParameter(16, actor.channel())
                .setParameter(17, actor.locationId())
                .setParameter(18, actor.reason())
                .setParameter(19, order.pickupHoldHours())
                .executeUpdate()
                .map(inserted -> inserted == 1);
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
                                + " WHERE (CAST(?1 AS text) IS NULL OR customer_id = ?1)"
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
