package com.unifiedcommerce.returns.store;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.Tuple;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.unifiedcommerce.contracts.returns.Refund;
import com.unifiedcommerce.contracts.returns.ReturnLine;
import com.unifiedcommerce.platform.store.Columns;
import com.unifiedcommerce.platform.store.JsonText;
import com.unifiedcommerce.returns.domain.RefundSettlement;
import io.smallrye.mutiny.Uni;
import org.hibernate.reactive.mutiny.Mutiny;

/** Returns as recorded, and the units of each order line that came back so far. */
@ApplicationScoped
public class ReturnStore {

    /** A return's columns, named as {@link Recorded}'s components; JSON documents are read as text. */
    private static final String COLUMNS = """
            id, order_id, customer_id, channel, location_id, currency, money, points_refunded, points_reversed,
            CAST(lines AS text) AS lines, CAST(refunds AS text) AS refunds, actor, created_at,
            exchange_order_id, exchange_credit, request_hash, CAST(order_tenders AS text) AS order_tenders,
            coalesce((SELECT CAST(jsonb_agg(jsonb_build_object('tender', s.tender, 'amount', s.amount,
                                                               'status', s.status, 'failure', s.failure,
                                                               'reference', CASE WHEN s.tender = 'STORE_CREDIT'
                                                                                 THEN s.provider_ref END)
                                            ORDER BY s.tender) AS text)
                      FROM refund_settlement s WHERE s.return_id = return_record.id), '[]') AS settlements\
            """;

    public record Recorded(
            String id,
            String orderId,
            String customerId,
            String channel,
            String locationId,
            String currency,
            long money,
            long pointsRefunded,
            long pointsReversed,
            List<ReturnLine> lines,
            List<Refund> refunds,
            String actor,
            Instant createdAt,
            String exchangeOrderId,
            long exchangeCredit,
            @JsonIgnore String requestHash,
            @JsonIgnore List<Refund> orderTenders,
            List<RefundSettlement> settlements) {

        /** Whether the money is back: see {@link RefundSettlement#overall}. */
        @JsonProperty
        public RefundSettlement.Status refundStatus() {
            return RefundSettlement.overall(settlements == null ? List.of() : settlements);
        }
    }

    private static final Columns<Recorded> RECORDED = Columns.of(Recorded.class);

    @Inject
    JsonText jsonText;

    /** Units of each line of the order returned so far (lines never returned are absent). */
    public Uni<Map<String, Integer>> returned(Mutiny.Session session, String orderId) {
        return session.createNativeQuery(
                        "SELECT line_id, returned FROM returned_units WHERE order_id = ?1", Tuple.class)
                .setParameter(1, orderId)
                .getResultList()
                .map(rows -> Columns.of(Returned.class).all(rows).stream()
                        .collect(Collectors.toMap(Returned::lineId, Returned::returned)));
    }

    /** Units of one order line returned so far. */
    private record Returned(String lineId, int returned) {}

    /**
     * Serialises this transaction with every other return of the order, and with the order
     * ledger abandoning this return: the refunds of one order are decided one after the other, so
     * no tender is ever refunded beyond what it paid. Emits whether the return was abandoned.
     */
    public Uni<Boolean> lock(Mutiny.Session session, String orderId, String returnId) {
        return session.createNativeQuery(
                        "SELECT pg_advisory_xact_lock(hashtextextended('order:' || ?1, 0)),"
                                + " pg_advisory_xact_lock(hashtextextended('return:' || ?2, 0)),"
                                + " EXISTS (SELECT 1 FROM abandoned_return WHERE id = ?2) AS abandoned",
                        Tuple.class)
                .setParameter(1, orderId)
                .setParameter(2, returnId)
                .getSingleResult()
                .map(row -> row.get("abandoned", Boolean.class));
    }

    /**
     * The order ledger gives up on an exchange return: when it was not accepted it never will be.
     * Emits the return when it was accepted after all.
     */
    public Uni<Optional<Recorded>> abandon(Mutiny.Session session, String returnId) {
        return session.createNativeQuery("SELECT pg_advisory_xact_lock(hashtextextended('return:' || ?1, 0))")
                .setParameter(1, returnId)
                .getSingleResult()
                .chain(() -> find(session, returnId))
                .call(found -> found.isPresent()
                        ? Uni.createFrom().voidItem()
                        : session.createNativeQuery(
                                        "INSERT INTO abandoned_return (id) VALUES (?1) ON CONFLICT DO NOTHING")
                                .setParameter(1, returnId)
                                .executeUpdate());
    }

    /** Money refunded on the order by earlier returns. */
    public Uni<Long> refunded(Mutiny.Session session, String orderId) {
        return session.createNativeQuery(
                        "SELECT CAST(coalesce(sum(money), 0) AS bigint) FROM return_record WHERE order_id = ?1",
                        Long.class)
                .setParameter(1, orderId)
                .getSingleResult()
                .map(Number::longValue);
    }

    /**
     * Counts {@code units} more of the line as returned if, with them, no more than {@code quantity}
     * came back; emits the units returned before, or nothing when that would be too many. One
     * statement, so two returns of the last unit cannot both pass.
     */
    public Uni<Optional<Integer>> take(Mutiny.Session session, String orderId, String lineId, int units, int quantity) {
        return session.createNativeQuery(
                        "INSERT INTO returned_units AS r (order_id, line_id, returned)"
                                + " SELECT ?1, ?2, CAST(?3 AS integer) WHERE CAST(?3 AS integer) <= CAST(?4 AS integer)"
                                + " ON CONFLICT (order_id, line_id) DO UPDATE SET returned = r.returned + EXCLUDED.returned"
                                + " WHERE r.returned + EXCLUDED.returned <= CAST(?4 AS integer)"
                                + " RETURNING r.returned - CAST(?3 AS integer)",
                        Integer.class)
                .setParameter(1, orderId)
                .setParameter(2, lineId)
                .setParameter(3, units)
                .setParameter(4, quantity)
                .getResultList()
                .map(rows -> rows.stream().findFirst().map(Number::intValue));
    }

    public Uni<Void> insert(Mutiny.Session session, Recorded r) {
        return session.createNativeQuery(
                        "INSERT INTO return_record (id, order_id, customer_id, channel, location_id, currency, money,"
                                + " points_refunded, points_reversed, lines, refunds, actor, exchange_order_id, exchange_credit,"
                                + " request_hash, order_tenders)"
                                + " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, CAST(CAST(?10 AS text) AS jsonb),"
                                + " CAST(CAST(?11 AS text) AS jsonb), ?12, CAST(?13 AS text), ?14, CAST(?15 AS text),"
                                + " CAST(CAST(?16 AS text) AS jsonb))")
                .setParameter(1, r.id())
                .setParameter(2, r.orderId())
                .setParameter(3, r.customerId())
                .setParameter(4, r.channel())
                .setParameter(5, r.locationId())
                .setParameter(6, r.currency())
                .setParameter(7, r.money())
                .setParameter(8, r.pointsRefunded())
                .setParameter(9, r.pointsReversed())
                .setParameter(10, jsonText.of(r.lines()))
                .setParameter(11, jsonText.of(r.refunds()))
                .setParameter(12, r.actor())
                .setParameter(13, r.exchangeOrderId())
                .setParameter(14, r.exchangeCredit())
                .setParameter(15, r.requestHash())
                .setParameter(16, r.orderTenders() == null ? null : jsonText.of(r.orderTenders()))
                .executeUpdate()
                .chain(() -> r.settlements().isEmpty()
                        ? Uni.createFrom().item(0)
                        : session.createNativeQuery("""
                                        INSERT INTO refund_settlement (return_id, tender, amount, status)
                                        SELECT ?1, s.tender, s.amount, 'PENDING'
                                        FROM jsonb_to_recordset(CAST(CAST(?2 AS text) AS jsonb)) AS s(tender text, amount bigint)""")
                                .setParameter(1, r.id())
                                .setParameter(2, jsonText.of(r.settlements()))
                                .executeUpdate())
                .replaceWithVoid();
    }

    /**
     * Records how the provider settled a return's refund to {@code tender}: once REFUNDED it stays so;
     * a FAILED one may still become REFUNDED (paid again). Emits whether the return has such a refund.
     */
    public Uni<Boolean> settle(
            Mutiny.Session session,
            String returnId,
            String tender,
            RefundSettlement.Status status,
            String failure,
            String providerRef) {
        return session.createNativeQuery("""
                        UPDATE refund_settlement SET status = ?3, failure = ?4, provider_ref = ?5,
                            settled_at = clock_timestamp()
                        WHERE return_id = ?1 AND tender = ?2 AND status <> 'REFUNDED'""")
                .setParameter(1, returnId)
                .setParameter(2, tender)
                .setParameter(3, status.name())
                .setParameter(4, failure)
                .setParameter(5, providerRef)
                .executeUpdate()
                .chain(changed -> changed > 0
                        ? Uni.createFrom().item(true)
                        : session.createNativeQuery(
                                        "SELECT count(*) FROM refund_settlement WHERE return_id = ?1 AND tender = ?2",
                                        Long.class)
                                .setParameter(1, returnId)
                                .setParameter(2, tender)
                                .getSingleResult()
                                .map(count -> ((Number) count).longValue() > 0));
    }

    /** What one order's returns had refunded to its card and gift cards, as the provider confirmed. */
    public record OrderRefunds(String orderId, long card, long giftCards) {}

    /** Confirmed refunds per order after {@code after} (by id, byte order), one page. */
    public Uni<List<OrderRefunds>> refundedByOrder(Mutiny.Session session, String after, int limit) {
        return session.createNativeQuery("""
                        SELECT r.order_id,
                            CAST(coalesce(sum(s.amount) FILTER (WHERE s.tender = 'CARD'), 0) AS bigint) AS card,
                            CAST(coalesce(sum(s.amount) FILTER (WHERE s.tender = 'GIFT_CARD'), 0) AS bigint) AS gift_cards
                        FROM refund_settlement s JOIN return_record r ON r.id = s.return_id
                        WHERE s.status = 'REFUNDED' AND r.order_id COLLATE "C" > ?1
                        GROUP BY r.order_id ORDER BY r.order_id COLLATE "C" LIMIT ?2""", Tuple.class)
                .setParameter(1, after)
                .setParameter(2, limit)
                .getResultList()
                .map(Columns.of(OrderRefunds.class)::all);
    }

    public Uni<Optional<Recorded>> find(Mutiny.Session session, String id) {
        return session.createNativeQuery("SELECT " + COLUMNS + " FROM return_record WHERE id = ?1", Tuple.class)
                .setParameter(1, id)
                .getResultList()
                .map(rows -> rows.stream().findFirst().map(RECORDED));
    }

    public Uni<List<Recorded>> byOrder(Mutiny.Session session, String orderId) {
        return session.createNativeQuery(
                        "SELECT " + COLUMNS + " FROM return_record WHERE order_id = ?1 ORDER BY created_at, id",
                        Tuple.class)
                .setParameter(1, orderId)
                .getResultList()
                .map(rows -> RECORDED.all(rows));
    }

    /** A store's returns received in [from, to), newest first, one page. */
    public Uni<List<Recorded>> atLocation(
            Mutiny.Session session, String locationId, Instant from, Instant to, int page, int size) {
        return session.createNativeQuery(
                        "SELECT " + COLUMNS + " FROM return_record WHERE location_id = ?1 AND created_at >= ?2"
                                + " AND created_at < ?3 ORDER BY created_at DESC, id LIMIT ?4 OFFSET ?5",
                        Tuple.class)
                .setParameter(1, locationId)
                .setParameter(2, OffsetDateTime.ofInstant(from, java.time.ZoneOffset.UTC))
                .setParameter(3, OffsetDateTime.ofInstant(to, java.time.ZoneOffset.UTC))
                .setParameter(4, size)
                .setParameter(5, (long) page * size)
                .getResultList()
                .map(rows -> RECORDED.all(rows));
    }
}
