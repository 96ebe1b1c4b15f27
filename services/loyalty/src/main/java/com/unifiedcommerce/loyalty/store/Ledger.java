package com.unifiedcommerce.loyalty.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * The double-entry ledger. A transfer is one statement: both accounts are locked in id order (no
 * deadlock between opposite transfers), the debit is checked when asked to, the transfer is
 * recorded unless its source already moved points, and both balances change with it.
 */
@ApplicationScoped
public class Ledger {

    /** One movement to post: {@code guarded} refuses it when the debited account cannot cover it. */
    public record Transfer(
            String debit,
            String credit,
            long points,
            String kind,
            String source,
            String channel,
            String storeId,
            String reason,
            String actor,
            boolean guarded) {}

    /** What posting found. {@code transferId} is null when refused or when the source already moved points. */
    public record Posted(
            Long transferId, boolean covered, Long creditBalance, Long debitBalance, Long debitAvailable) {}

    public record Summary(String customerId, long balance, long held) {
        public long available() {
            return balance - held;
        }
    }

    public record Entry(
            long id,
            long points,
            String kind,
            String source,
            String channel,
            String storeId,
            String reason,
            Instant at) {}

    public record Invariants(long sumOfBalances, long accountsOffTheirTransfers, long accounts) {
        public boolean hold() {
            return sumOfBalances == 0 && accountsOffTheirTransfers == 0;
        }
    }

    public static String customerAccount(String customerId) {
        return "customer:" + customerId;
    }

    /** Opens the customer's account if it is not open yet. */
    public Uni<Void> open(Mutiny.Session session, String customerId) {
        return session.createNativeQuery(
                        "INSERT INTO account (id, kind, customer_id) VALUES (?1, 'CUSTOMER', ?2) ON CONFLICT DO NOTHING")
                .setParameter(1, customerAccount(customerId))
                .setParameter(2, customerId)
                .executeUpdate()
                .replaceWithVoid();
    }

    public Uni<Posted> post(Mutiny.Session session, Transfer t) {
        return session.createNativeQuery(
                        "WITH p AS (SELECT CAST(?1 AS text) AS debit, CAST(?2 AS text) AS credit,"
                                + " CAST(?3 AS bigint) AS points, CAST(?4 AS text) AS kind, CAST(?5 AS text) AS source,"
                                + " CAST(?6 AS text) AS channel, CAST(?7 AS text) AS store_id, CAST(?8 AS text) AS reason,"
                                + " CAST(?9 AS text) AS actor, CAST(?10 AS boolean) AS guarded),"
                                + " locked AS (SELECT a.id, a.balance, a.held FROM account a, p"
                                + " WHERE a.id IN (p.debit, p.credit) ORDER BY a.id FOR UPDATE OF a),"
                                + " allowed AS (SELECT 1 FROM p WHERE (SELECT count(*) FROM locked) = 2 AND (NOT p.guarded"
                                + " OR (SELECT l.balance - l.held FROM locked l WHERE l.id = p.debit) >= p.points)),"
                                + " t AS (INSERT INTO transfer (debit, credit, points, kind, source, channel, store_id,"
                                + " reason, actor) SELECT p.debit, p.credit, p.points, p.kind, p.source, p.channel,"
                                + " p.store_id, p.reason, p.actor FROM p WHERE EXISTS (SELECT 1 FROM allowed)"
                                + " ON CONFLICT (source) DO NOTHING RETURNING id, debit, credit, points),"
                                + " moved AS (UPDATE account a SET balance = a.balance"
                                + " + CASE WHEN a.id = t.credit THEN t.points ELSE -t.points END"
                                + " FROM t WHERE a.id IN (t.debit, t.credit) RETURNING a.id, a.balance)"
                                + " SELECT (SELECT id FROM t), EXISTS (SELECT 1 FROM allowed),"
                                + " (SELECT m.balance FROM moved m, p WHERE m.id = p.credit),"
                                + " (SELECT m.balance FROM moved m, p WHERE m.id = p.debit),"
                                + " (SELECT l.balance - l.held FROM locked l, p WHERE l.id = p.debit)",
                        Object[].class)
                .setParameter(1, t.debit())
                .setParameter(2, t.credit())
                .setParameter(3, t.points())
                .setParameter(4, t.kind())
                .setParameter(5, t.source())
                .setParameter(6, t.channel())
                .setParameter(7, t.storeId())
                .setParameter(8, t.reason())
                .setParameter(9, t.actor())
                .setParameter(10, t.guarded())
                .getSingleResult()
                .map(row -> new Posted(
                        row[0] == null ? null : ((Number) row[0]).longValue(),
                        (Boolean) row[1],
                        row[2] == null ? null : ((Number) row[2]).longValue(),
                        row[3] == null ? null : ((Number) row[3]).longValue(),
                        row[4] == null ? null : ((Number) row[4]).longValue()));
    }

    public Uni<Optional<Summary>> summary(Mutiny.Session session, String customerId) {
        return session.createNativeQuery("SELECT balance, held FROM account WHERE id = ?1", Object[].class)
                .setParameter(1, customerAccount(customerId))
                .getResultList()
                .map(rows -> rows.stream()
                        .findFirst()
                        .map(row ->
                                new Summary(customerId, ((Number) row[0]).longValue(), ((Number) row[1]).longValue())));
    }

    /** A page of an account's entries, newest first, with the points signed for this account. */
    public Uni<List<Entry>> entries(Mutiny.Session session, String customerId, int page, int size) {
        return session.createNativeQuery(
                        "SELECT id, CASE WHEN credit = ?1 THEN points ELSE -points END, kind, source, channel,"
                                + " store_id, reason, at FROM transfer WHERE credit = ?1 OR debit = ?1"
                                + " ORDER BY id DESC LIMIT ?2 OFFSET ?3",
                        Object[].class)
                .setParameter(1, customerAccount(customerId))
                .setParameter(2, size)
                .setParameter(3, (long) page * size)
                .getResultList()
                .map(rows -> rows.stream()
                        .map(row -> new Entry(
                                ((Number) row[0]).longValue(),
                                ((Number) row[1]).longValue(),
                                (String) row[2],
                                (String) row[3],
                                (String) row[4],
                                (String) row[5],
                                (String) row[6],
                                instant(row[7])))
                        .toList());
    }

    public Uni<Long> countEntries(Mutiny.Session session, String customerId) {
        return session.createNativeQuery("SELECT count(*) FROM transfer WHERE credit = ?1 OR debit = ?1", Long.class)
                .setParameter(1, customerAccount(customerId))
                .getSingleResult();
    }

    /** The ledger's invariants, computed from scratch: balances sum to zero and match their transfers. */
    public Uni<Invariants> invariants(Mutiny.Session session) {
        return session.createNativeQuery(
                        "SELECT coalesce(sum(a.balance), 0),"
                                + " count(*) FILTER (WHERE a.balance <> coalesce(c.points, 0) - coalesce(d.points, 0)),"
                                + " count(*) FROM account a"
                                + " LEFT JOIN (SELECT credit, sum(points) AS points FROM transfer GROUP BY credit) c"
                                + " ON c.credit = a.id"
                                + " LEFT JOIN (SELECT debit, sum(points) AS points FROM transfer GROUP BY debit) d"
                                + " ON d.debit = a.id",
                        Object[].class)
                .getSingleResult()
                .map(row -> new Invariants(
                        ((Number) row[0]).longValue(), ((Number) row[1]).longValue(), ((Number) row[2]).longValue()));
    }

    /** A timestamptz column as the driver gave it. */
    static Instant instant(Object value) {
        return value instanceof java.time.OffsetDateTime time ? time.toInstant() : (Instant) value;
    }
}
