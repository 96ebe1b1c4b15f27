package com.unifiedcommerce.loyalty.store;

import java.time.Instant;
import java.util.List;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.Tuple;

import com.unifiedcommerce.platform.store.Columns;
import io.smallrye.mutiny.Uni;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * What each order line earned and had spent on it, and how many of its units came back. A line
 * is written once (picked up or delivered); returns then move its points unit by unit.
 */
@ApplicationScoped
public class LinePoints {

    public record Line(
            String orderId,
            String lineId,
            String customerId,
            int quantity,
            long paidMinor,
            long earned,
            long redeemed,
            int returned,
            Instant earnedAt) {}

    /** A line to record: its earn is posted only if this is the first time the line is seen. */
    public record NewLine(
            String orderId,
            String lineId,
            String customerId,
            int quantity,
            long paidMinor,
            long earned,
            long redeemed,
            String channel,
            String locationId) {}

    /** Records the line; emits false when it was already recorded (the earn was already posted). */
    public Uni<Boolean> record(Mutiny.Session session, NewLine line) {
        return session.createNativeQuery(
                        "INSERT INTO line_points (order_id, line_id, customer_id, quantity, paid_minor, earned,"
                                + " redeemed, channel, location_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"
                                + " ON CONFLICT DO NOTHING")
                .setParameter(1, line.orderId())
                .setParameter(2, line.lineId())
                .setParameter(3, line.customerId())
                .setParameter(4, line.quantity())
                .setParameter(5, line.paidMinor())
                .setParameter(6, line.earned())
                .setParameter(7, line.redeemed())
                .setParameter(8, line.channel())
                .setParameter(9, line.locationId())
                .executeUpdate()
                .map(inserted -> inserted == 1);
    }

    /** The order's lines, locked for a return that is about to move their points. */
    public Uni<List<Line>> lockOrder(Mutiny.Session session, String orderId) {
        return serialise(session, orderId).chain(() -> lines(session, orderId, " ORDER BY line_id FOR UPDATE"));
    }

    /**
     * Makes the transactions that touch one order's points (its earn, its returns) run one after
     * the other, even before the order has a line here: a return that finds no earned line parks
     * itself and the earn applies what is parked, so neither may miss the other's uncommitted rows.
     * Locking line rows cannot do that while the rows do not exist yet; a transaction-scoped
     * advisory lock on the order can.
     */
    public Uni<Void> serialise(Mutiny.Session session, String orderId) {
        return session.createNativeQuery(
                        "SELECT 1 FROM (SELECT pg_advisory_xact_lock(hashtextextended('loyalty-order:' || ?1, 0)))"
                                + " AS locked",
                        Integer.class)
                .setParameter(1, orderId)
                .getSingleResult()
                .replaceWithVoid();
    }

    public Uni<List<Line>> byOrder(Mutiny.Session session, String orderId) {
        return lines(session, orderId, " ORDER BY line_id");
    }

    private Uni<List<Line>> lines(Mutiny.Session session, String orderId, String tail) {
        return session.createNativeQuery(
                        "SELECT order_id, line_id, customer_id, quantity, paid_minor, earned, redeemed, returned,"
                                + " earned_at FROM line_points WHERE order_id = ?1" + tail,
                        Tuple.class)
                .setParameter(1, orderId)
                .getResultList()
                .map(Columns.of(Line.class)::all);
    }

    /** The lines of the order this return was already applied to (a redelivery under another id). */
    public Uni<List<String>> appliedLines(Mutiny.Session session, String returnId, String orderId) {
        return session.createNativeQuery(
                        "SELECT line_id FROM line_return WHERE return_id = ?1 AND order_id = ?2", String.class)
                .setParameter(1, returnId)
                .setParameter(2, orderId)
                .getResultList();
    }

    /**
     * Records that a return brought back {@code quantity} units of a locked line, with the points
     * this moved; emits false when this return had already been applied to the line.
     */
    public Uni<Boolean> recordReturn(
            Mutiny.Session session, String returnId, Line line, int quantity, long takenBack, long givenBack) {
        return session.createNativeQuery(
                        "WITH r AS (INSERT INTO line_return (return_id, order_id, line_id, quantity, taken_back,"
                                + " given_back) VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT DO NOTHING RETURNING 1)"
                                + " UPDATE line_points SET returned = returned + ?4"
                                + " WHERE order_id = ?2 AND line_id = ?3 AND EXISTS (SELECT 1 FROM r)")
                .setParameter(1, returnId)
                .setParameter(2, line.orderId())
                .setParameter(3, line.lineId())
                .setParameter(4, quantity)
                .setParameter(5, takenBack)
                .setParameter(6, givenBack)
                .executeUpdate()
                .map(updated -> updated == 1);
    }

    /** Money paid on lines credited since {@code since}, less the share of the units that came back. */
    /** The order lines of a customer folded into another count for the survivor (returns, tiers). */
    public Uni<Integer> repoint(Mutiny.Session session, String mergedId, String survivorId) {
        return session.createNativeQuery("UPDATE line_points SET customer_id = ?2 WHERE customer_id = ?1")
                .setParameter(1, mergedId)
                .setParameter(2, survivorId)
                .executeUpdate();
    }

    public Uni<Long> qualifyingSpend(Mutiny.Session session, String customerId, Instant since) {
        return session.createNativeQuery(
                        "SELECT CAST(coalesce(sum(paid_minor - paid_minor * returned / quantity), 0) AS bigint) FROM line_points"
                                + " WHERE customer_id = ?1 AND earned_at > ?2",
                        Long.class)
                .setParameter(1, customerId)
                .setParameter(2, since)
                .getSingleResult()
                .map(Number::longValue);
    }
}
