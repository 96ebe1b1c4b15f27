package com.unifiedcommerce.loyalty.store;

import java.time.Instant;
import java.util.Optional;
import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Points held for an order at checkout. Taking a hold is one statement: the account's held
 * points go up only while balance less held still covers them, so concurrent holds can never
 * spend more than the balance.
 */
@ApplicationScoped
public class PointHolds {

    public record Hold(String reference, String customerId, long points, String status, Instant expiresAt) {}

    /** What a hold attempt did: whether the account covered it, and whether the reference was new. */
    public record Attempt(boolean covered, boolean recorded, long available) {}

    public Uni<Attempt> hold(
            Mutiny.Session session, String reference, String customerId, long points, int ttlSeconds, String owner) {
        return session.createNativeQuery(
                        "WITH p AS (SELECT CAST(?1 AS text) AS reference, CAST(?2 AS text) AS customer_id,"
                                + " CAST(?3 AS bigint) AS points, CAST(?4 AS integer) AS ttl, CAST(?5 AS text) AS owner),"
                                + " acct AS (UPDATE account a SET held = a.held + p.points FROM p"
                                + " WHERE a.id = 'customer:' || p.customer_id AND a.balance - a.held >= p.points"
                                + " RETURNING a.id),"
                                + " h AS (INSERT INTO point_hold (reference, customer_id, points, status, owner, expires_at)"
                                + " SELECT p.reference, p.customer_id, p.points, 'HELD', p.owner,"
                                + " clock_timestamp() + p.ttl * interval '1 second' FROM p"
                                + " WHERE EXISTS (SELECT 1 FROM acct) ON CONFLICT (reference) DO NOTHING RETURNING 1)"
                                + " SELECT EXISTS (SELECT 1 FROM acct), EXISTS (SELECT 1 FROM h),"
                                + " coalesce((SELECT a.balance - a.held FROM account a, p"
                                + " WHERE a.id = 'customer:' || p.customer_id), 0)",
                        Object[].class)
                .setParameter(1, reference)
                .setParameter(2, customerId)
                .setParameter(3, points)
                .setParameter(4, ttlSeconds)
                .setParameter(5, owner)
                .getSingleResult()
                .map(row -> new Attempt((Boolean) row[0], (Boolean) row[1], ((Number) row[2]).longValue()));
    }

    public Uni<Optional<Hold>> byReference(Mutiny.Session session, String reference) {
        return session.createNativeQuery(
                        "SELECT reference, customer_id, points, status, expires_at FROM point_hold WHERE reference = ?1",
                        Object[].class)
                .setParameter(1, reference)
                .getResultList()
                .map(rows -> rows.stream().findFirst().map(PointHolds::hold));
    }

    /**
     * Ends a HELD hold as {@code status} (CAPTURED, RELEASED or EXPIRED) and gives its points back
     * to available; emits the hold when it was HELD.
     */
    public Uni<Optional<Hold>> end(Mutiny.Session session, String reference, String status) {
        return session.createNativeQuery(
                        "WITH h AS (UPDATE point_hold SET status = ?2, updated_at = clock_timestamp()"
                                + " WHERE reference = ?1 AND status = 'HELD' RETURNING reference, customer_id, points,"
                                + " status, expires_at),"
                                + " a AS (UPDATE account SET held = held - h.points FROM h"
                                + " WHERE account.id = 'customer:' || h.customer_id RETURNING account.id)"
                                + " SELECT h.reference, h.customer_id, h.points, h.status, h.expires_at FROM h"
                                + " WHERE EXISTS (SELECT 1 FROM a)",
                        Object[].class)
                .setParameter(1, reference)
                .setParameter(2, status)
                .getResultList()
                .map(rows -> rows.stream().findFirst().map(PointHolds::hold));
    }

    /** A row of reference, customer_id, points, status, expires_at. */
    private static Hold hold(Object[] row) {
        return new Hold(
                (String) row[0],
                (String) row[1],
                ((Number) row[2]).longValue(),
                (String) row[3],
                Ledger.instant(row[4]));
    }
}
