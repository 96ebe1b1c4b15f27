package com.unifiedcommerce.loyalty.store;

import java.time.Instant;
import java.util.Optional;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.Tuple;

import com.unifiedcommerce.platform.store.Columns;
import io.smallrye.mutiny.Uni;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Points held for an order at checkout. Taking a hold is one statement: the account's held
 * points go up only while balance less held still covers them, so concurrent holds can never
 * spend more than the balance.
 */
@ApplicationScoped
public class PointHolds {

    public record Hold(
            String reference, String customerId, long points, String status, Instant expiresAt, int attempt) {}

    /**
     * What a hold attempt did: whether the account covered it, whether the reference was new (then
     * {@code expiresAt} is its deadline), and what was available before.
     */
    public record Attempt(boolean covered, boolean recorded, long available, Instant expiresAt) {}

    /** The points hold of a new reference: account and hold in one statement. */
    public Uni<Attempt> hold(
            Mutiny.Session session,
            String reference,
            String customerId,
            long points,
            int ttlSeconds,
            String owner,
            int checkoutAttempt) {
        return take(
                session,
                "INSERT INTO point_hold (reference, customer_id, points, status, owner, expires_at, attempt)"
                        + " SELECT CAST(?1 AS text), CAST(?2 AS text), CAST(?3 AS bigint), 'HELD', CAST(?5 AS text),"
                        + " clock_timestamp() + CAST(?4 AS integer) * interval '1 second', CAST(?7 AS integer)"
                        + " WHERE EXISTS (SELECT 1 FROM acct) ON CONFLICT (reference) DO NOTHING RETURNING expires_at",
                "NOT EXISTS (SELECT 1 FROM point_hold WHERE reference = ?1)",
                reference,
                customerId,
                points,
                ttlSeconds,
                owner,
                checkoutAttempt);
    }

    /**
     * Holds again under a reference whose earlier hold ended (released or expired): a checkout
     * retried after a refusal, as a new attempt.
     */
    public Uni<Attempt> holdAgain(
            Mutiny.Session session,
            String reference,
            String customerId,
            long points,
            int ttlSeconds,
            String owner,
            int checkoutAttempt) {
        return take(
                session,
                "UPDATE point_hold SET customer_id = CAST(?2 AS text), points = CAST(?3 AS bigint), status = 'HELD',"
                        + " owner = CAST(?5 AS text), attempt = CAST(?7 AS integer), updated_at = clock_timestamp(),"
                        + " expires_at = clock_timestamp() + CAST(?4 AS integer) * interval '1 second'"
                        + " WHERE reference = ?1 AND status IN ('RELEASED', 'EXPIRED') AND EXISTS (SELECT 1 FROM acct)"
                        + " RETURNING expires_at",
                "EXISTS (SELECT 1 FROM point_hold WHERE reference = ?1 AND status IN ('RELEASED', 'EXPIRED'))",
                reference,
                customerId,
                points,
                ttlSeconds,
                owner,
                checkoutAttempt);
    }

    /**
     * The account's held points go up only while balance less held covers them and {@code guard}
     * holds; then {@code record} writes the hold. Covered but not recorded means a concurrent
     * request won the reference: the caller must roll back.
     */
    private Uni<Attempt> take(
            Mutiny.Session session,
            String record,
            String guard,
            String reference,
            String customerId,
            long points,
            int ttlSeconds,
            String owner,
            int checkoutAttempt) {
        return session.createNativeQuery(
                        "WITH acct AS (UPDATE account SET held = held + CAST(?3 AS bigint)"
                                + " WHERE id = CAST(?6 AS text) AND balance - held >= CAST(?3 AS bigint)"
                                + " AND " + guard + " RETURNING id),"
                                + " h AS (" + record + ")"
                                + " SELECT EXISTS (SELECT 1 FROM acct) AS covered, EXISTS (SELECT 1 FROM h) AS recorded,"
                                + " coalesce((SELECT balance - held FROM account WHERE id = ?6), 0) AS available,"
                                + " (SELECT expires_at FROM h) AS expires_at",
                        Tuple.class)
                .setParameter(1, reference)
                .setParameter(2, customerId)
                .setParameter(3, points)
                .setParameter(4, ttlSeconds)
                .setParameter(5, owner)
                .setParameter(6, Ledger.customerAccount(customerId))
                .setParameter(7, checkoutAttempt)
                .getSingleResult()
                .map(Columns.of(Attempt.class));
    }

    public Uni<Optional<Hold>> byReference(Mutiny.Session session, String reference) {
        return session.createNativeQuery(
                        "SELECT reference, customer_id, points, status, expires_at, attempt FROM point_hold"
                                + " WHERE reference = ?1",
                        Tuple.class)
                .setParameter(1, reference)
                .getResultList()
                .map(rows -> rows.stream().findFirst().map(Columns.of(Hold.class)));
    }

    /**
     * Ends a HELD hold as {@code status} (CAPTURED, RELEASED or EXPIRED) and gives its points back
     * to available; emits the hold when it was HELD.
     */
    public Uni<Optional<Hold>> end(Mutiny.Session session, String reference, String status) {
        return end(session, reference, status, Integer.MAX_VALUE);
    }

    /** As {@link #end(Mutiny.Session, String, String)}, for a hold taken by attempt {@code upTo} or an earlier one. */
    public Uni<Optional<Hold>> end(Mutiny.Session session, String reference, String status, int upTo) {
        return session.createNativeQuery(
                        "WITH h AS (UPDATE point_hold SET status = ?2, updated_at = clock_timestamp()"
                                + " WHERE reference = ?1 AND status = 'HELD' AND attempt <= ?3"
                                + " RETURNING reference, customer_id, points, status, expires_at, attempt),"
                                + " a AS (UPDATE account SET held = held - h.points FROM h"
                                + " WHERE account.id = 'customer:' || h.customer_id RETURNING account.id)"
                                + " SELECT h.reference, h.customer_id, h.points, h.status, h.expires_at, h.attempt FROM h"
                                + " WHERE EXISTS (SELECT 1 FROM a)",
                        Tuple.class)
                .setParameter(1, reference)
                .setParameter(2, status)
                .setParameter(3, upTo)
                .getResultList()
                .map(rows -> rows.stream().findFirst().map(Columns.of(Hold.class)));
    }

    /**
     * The waiting holds of a folded customer become the survivor's, with the held points: whoever
     * captures them later debits the account the balance moved to. Emits the points moved.
     */
    public Uni<Long> moveHeld(Mutiny.Session session, String mergedId, String survivorId) {
        return session.createNativeQuery(
                        "WITH moved AS (UPDATE point_hold SET customer_id = ?2, updated_at = clock_timestamp()"
                                + " WHERE customer_id = ?1 AND status = 'HELD' RETURNING points),"
                                + " total AS (SELECT coalesce(sum(points), 0) AS points FROM moved),"
                                + " away AS (UPDATE account SET held = held - total.points FROM total"
                                + " WHERE account.id = 'customer:' || CAST(?1 AS text) AND total.points > 0 RETURNING 1),"
                                + " here AS (UPDATE account SET held = held + total.points FROM total"
                                + " WHERE account.id = 'customer:' || CAST(?2 AS text) AND total.points > 0 RETURNING 1)"
                                + " SELECT CAST(points AS bigint) FROM total",
                        Long.class)
                .setParameter(1, mergedId)
                .setParameter(2, survivorId)
                .getSingleResult()
                .map(Number::longValue);
    }

    /**
     * Ends up to {@code batch} holds past their deadline as EXPIRED in one statement, giving their
     * points back to available; claims with SKIP LOCKED, so replicas never expire a hold twice.
     * Emits how many expired.
     */
    public Uni<Integer> expireDue(Mutiny.Session session, int batch) {
        return session.createNativeQuery(
                        "WITH due AS (SELECT reference FROM point_hold WHERE status = 'HELD'"
                                + " AND expires_at <= clock_timestamp() ORDER BY expires_at LIMIT ?1 FOR UPDATE SKIP LOCKED),"
                                + " h AS (UPDATE point_hold p SET status = 'EXPIRED', updated_at = clock_timestamp()"
                                + " FROM due WHERE p.reference = due.reference RETURNING p.customer_id, p.points),"
                                + " per AS (SELECT customer_id, sum(points) AS points FROM h GROUP BY customer_id),"
                                + " a AS (UPDATE account SET held = held - per.points FROM per"
                                + " WHERE account.id = 'customer:' || per.customer_id RETURNING 1)"
                                + " SELECT CAST(count(*) AS integer) FROM h",
                        Integer.class)
                .setParameter(1, batch)
                .getSingleResult()
                .map(Number::intValue);
    }
}
