package com.unifiedcommerce.loyalty.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.Tuple;

import com.unifiedcommerce.platform.store.Columns;
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

    public record Moved(String debit, String credit, long points) {}

    public record Summary(String customerId, long balance, long held) {
        public long available() {
            return balance - held;
        }
    }

    /**
     * An account with what its summary needs: the tier as last computed, the qualifying spend
     * since the window's start, and the credits up to a cutoff against every debit (for expiry).
     */
    public record Overview(
            String customerId,
            long balance,
            long held,
            String tier,
            long qualifyingSpend,
            long creditedUpToCutoff,
            long debitedEver) {}

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

    private static final String CUSTOMER_PREFIX = "customer:";

    public static String customerAccount(String customerId) {
        return CUSTOMER_PREFIX + customerId;
    }

    /** The customer whose account this is; empty for a programme account. */
    public static Optional<String> customerOf(String account) {
        return account.startsWith(CUSTOMER_PREFIX)
                ? Optional.of(account.substring(CUSTOMER_PREFIX.length()))
                : Optional.empty();
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

    /**
     * The customer whose account now holds this customer's points: the survivor after a merge, else
     * themself. Opens the account and locks its row for the transaction, so an earn or a redemption
     * and a merge of the same customer are applied one after the other: whichever comes second sees
     * what the first did (the merge moves the earned points; the earn lands on the survivor).
     */
    public Uni<String> resolve(Mutiny.Session session, String customerId) {
        return open(session, customerId)
                .chain(() -> session.createNativeQuery(
                                "SELECT merged_into FROM account WHERE id = ?1 FOR UPDATE", String.class)
                        .setParameter(1, customerAccount(customerId))
                        .getResultList())
                .map(rows -> rows.isEmpty() || rows.getFirst() == null ? customerId : rows.getFirst());
    }

    /**
     * The folded customer's account points to the survivor's from now on, and so do accounts that
     * were folded into it before.
     */
    public Uni<Integer> mergeInto(Mutiny.Session session, String mergedId, String survivorId) {
        return session.createNativeQuery(
                        "UPDATE account SET merged_into = ?2 WHERE customer_id = ?1 OR merged_into = ?1")
                .setParameter(1, mergedId)
                .setParameter(2, survivorId)
                .executeUpdate();
    }

    /** The account's balance, its row locked for this transaction; empty when it has no account. */
    public Uni<Optional<Long>> lockBalance(Mutiny.Session session, String customerId) {
        return session.createNativeQuery("SELECT balance FROM account WHERE id = ?1 FOR UPDATE", Long.class)
                .setParameter(1, customerAccount(customerId))
                .getResultList()
                .map(rows -> rows.stream().findFirst().map(Number::longValue));
    }

    public Uni<Posted> post(Mutiny.Session session, Transfer t) {
        // Parameters are compared with the key directly (not through a CTE column), so every lookup
        // and update of an account is a primary-key access.
        return session.createNativeQuery("""
                        WITH locked AS (SELECT id, balance, held FROM account
                                        WHERE id IN (CAST(?1 AS text), CAST(?2 AS text)) ORDER BY id FOR UPDATE),
                             allowed AS (SELECT 1 WHERE (SELECT count(*) FROM locked) = 2
                                         AND (NOT CAST(?10 AS boolean)
                                              OR (SELECT l.balance - l.held FROM locked l WHERE l.id = ?1) >= CAST(?3 AS bigint))),
                             t AS (INSERT INTO transfer (debit, credit, points, kind, source, channel, store_id, reason, actor)
                                   SELECT ?1, ?2, CAST(?3 AS bigint), CAST(?4 AS text), CAST(?5 AS text),
                                          CAST(?6 AS text), CAST(?7 AS text), CAST(?8 AS text), CAST(?9 AS text)
                                   WHERE EXISTS (SELECT 1 FROM allowed) ON CONFLICT (source) DO NOTHING RETURNING id),
                             moved AS (UPDATE account a
                                       SET balance = a.balance + CASE WHEN a.id = ?2 THEN CAST(?3 AS bigint) ELSE -CAST(?3 AS bigint) END
                                       WHERE a.id IN (?1, ?2) AND EXISTS (SELECT 1 FROM t) RETURNING a.id, a.balance)
                        SELECT (SELECT id FROM t) AS transfer_id,
                               EXISTS (SELECT 1 FROM allowed) AS covered,
                               (SELECT m.balance FROM moved m WHERE m.id = ?2) AS credit_balance,
                               (SELECT m.balance FROM moved m WHERE m.id = ?1) AS debit_balance,
                               (SELECT l.balance - l.held FROM locked l WHERE l.id = ?1) AS debit_available
                        """, Tuple.class)
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
                .map(Columns.of(Posted.class));
    }

    public Uni<Optional<Summary>> summary(Mutiny.Session session, String customerId) {
        return session.createNativeQuery("SELECT customer_id, balance, held FROM account WHERE id = ?1", Tuple.class)
                .setParameter(1, customerAccount(customerId))
                .getResultList()
                .map(rows -> rows.stream().findFirst().map(Columns.of(Summary.class)));
    }

    /** What a source moved, if it moved anything. */
    public Uni<Optional<Moved>> movedBy(Mutiny.Session session, String source) {
        return session.createNativeQuery("SELECT debit, credit, points FROM transfer WHERE source = ?1", Tuple.class)
                .setParameter(1, source)
                .getResultList()
                .map(rows -> rows.stream().findFirst().map(Columns.of(Moved.class)));
    }

    /** The account, its qualifying spend and its credits and debits for expiry, in one round trip. */
    public Uni<Optional<Overview>> overview(
            Mutiny.Session session, String customerId, Instant spendSince, Instant expiryCutoff) {
        return session.createNativeQuery("""
                        SELECT a.customer_id, a.balance, a.held, a.tier,
                               (SELECT CAST(coalesce(sum(lp.paid_minor - lp.paid_minor * lp.returned / lp.quantity), 0) AS bigint)
                                FROM line_points lp WHERE lp.customer_id = ?2 AND lp.earned_at > ?3) AS qualifying_spend,
                               (SELECT CAST(coalesce(sum(t.points), 0) AS bigint)
                                FROM transfer t WHERE t.credit = ?1 AND t.at <= ?4) AS credited_up_to_cutoff,
                               (SELECT CAST(coalesce(sum(t.points), 0) AS bigint)
                                FROM transfer t WHERE t.debit = ?1) AS debited_ever
                        FROM account a WHERE a.id = ?1
                        """, Tuple.class)
                .setParameter(1, customerAccount(customerId))
                .setParameter(2, customerId)
                .setParameter(3, spendSince)
                .setParameter(4, expiryCutoff)
                .getResultList()
                .map(rows -> rows.stream().findFirst().map(Columns.of(Overview.class)));
    }

    /** Opens the customer's account if needed and reads the tier last computed for it, in one round trip. */
    public Uni<String> openWithTier(Mutiny.Session session, String customerId) {
        return session.createNativeQuery(
                        "WITH o AS (INSERT INTO account (id, kind, customer_id) VALUES (?1, 'CUSTOMER', ?2)"
                                + " ON CONFLICT DO NOTHING RETURNING tier)"
                                + " SELECT coalesce((SELECT tier FROM o), (SELECT tier FROM account WHERE id = ?1))",
                        String.class)
                .setParameter(1, customerAccount(customerId))
                .setParameter(2, customerId)
                .getSingleResult();
    }

    /** Sets the tier; emits the tier it replaced, or nothing when it was already this one. */
    public Uni<Optional<String>> changeTier(Mutiny.Session session, String customerId, String tier) {
        return session.createNativeQuery(
                        "UPDATE account a SET tier = ?2 FROM (SELECT id, tier FROM account WHERE id = ?1 FOR UPDATE) o"
                                + " WHERE a.id = o.id AND o.tier <> ?2 RETURNING o.tier",
                        String.class)
                .setParameter(1, customerAccount(customerId))
                .setParameter(2, tier)
                .getResultList()
                .map(rows -> rows.stream().findFirst());
    }

    /** Customer accounts with points available, after {@code afterId}, locked for expiry (SKIP LOCKED). */
    public Uni<List<Overview>> lockForExpiry(Mutiny.Session session, String afterId, Instant cutoff, int batch) {
        return lockWithCredits(session, afterId, cutoff, NEVER_WARNED_AFTER, batch);
    }

    /**
     * As {@link #lockForExpiry}, only the accounts not warned of expiring points since
     * {@code warnedBefore}, with their credits up to the end of the warning window ({@code cutoff}).
     */
    public Uni<List<Overview>> lockForExpiryWarning(
            Mutiny.Session session, String afterId, Instant cutoff, Instant warnedBefore, int batch) {
        return lockWithCredits(session, afterId, cutoff, warnedBefore, batch);
    }

    /** Records that the customer was warned of expiring points at {@code at}. */
    public Uni<Integer> markExpiryWarned(Mutiny.Session session, String customerId, Instant at) {
        return session.createNativeQuery("UPDATE account SET expiry_warned_at = ?2 WHERE id = ?1")
                .setParameter(1, customerAccount(customerId))
                .setParameter(2, at)
                .executeUpdate();
    }

    /** Later than any warning: the expiry itself takes every account, warned or not. */
    private static final Instant NEVER_WARNED_AFTER = Instant.parse("9999-12-31T00:00:00Z");

    private Uni<List<Overview>> lockWithCredits(
            Mutiny.Session session, String afterId, Instant cutoff, Instant warnedBefore, int batch) {
        return session.createNativeQuery("""
                        WITH c AS (SELECT id, customer_id, balance, held, tier FROM account
                                   WHERE kind = 'CUSTOMER' AND id > ?1 AND balance - held > 0
                                     AND (expiry_warned_at IS NULL OR expiry_warned_at <= ?4)
                                   ORDER BY id LIMIT ?3 FOR UPDATE SKIP LOCKED)
                        SELECT c.customer_id, c.balance, c.held, c.tier, 0 AS qualifying_spend,
                               (SELECT CAST(coalesce(sum(t.points), 0) AS bigint)
                                FROM transfer t WHERE t.credit = c.id AND t.at <= ?2) AS credited_up_to_cutoff,
                               (SELECT CAST(coalesce(sum(t.points), 0) AS bigint)
                                FROM transfer t WHERE t.debit = c.id) AS debited_ever
                        FROM c ORDER BY c.id
                        """, Tuple.class)
                .setParameter(1, afterId)
                .setParameter(2, cutoff)
                .setParameter(3, batch)
                .setParameter(4, warnedBefore)
                .getResultList()
                .map(Columns.of(Overview.class)::all);
    }

    /** A page of an account's entries, newest first, with the points signed for this account. */
    public Uni<List<Entry>> entries(Mutiny.Session session, String customerId, int page, int size) {
        return session.createNativeQuery("""
                        SELECT id, CASE WHEN credit = ?1 THEN points ELSE -points END AS points,
                               kind, source, channel, store_id, reason, at
                        FROM transfer WHERE credit = ?1 OR debit = ?1
                        ORDER BY id DESC LIMIT ?2 OFFSET ?3
                        """, Tuple.class)
                .setParameter(1, customerAccount(customerId))
                .setParameter(2, size)
                .setParameter(3, (long) page * size)
                .getResultList()
                .map(Columns.of(Entry.class)::all);
    }

    public Uni<Long> countEntries(Mutiny.Session session, String customerId) {
        return session.createNativeQuery("SELECT count(*) FROM transfer WHERE credit = ?1 OR debit = ?1", Long.class)
                .setParameter(1, customerAccount(customerId))
                .getSingleResult();
    }

    /** The ledger's invariants, computed from scratch: balances sum to zero and match their transfers. */
    public Uni<Invariants> invariants(Mutiny.Session session) {
        return session.createNativeQuery("""
                        SELECT coalesce(sum(a.balance), 0) AS sum_of_balances,
                               count(*) FILTER (WHERE a.balance <> coalesce(c.points, 0) - coalesce(d.points, 0))
                                   AS accounts_off_their_transfers,
                               count(*) AS accounts
                        FROM account a
                        LEFT JOIN (SELECT credit, sum(points) AS points FROM transfer GROUP BY credit) c ON c.credit = a.id
                        LEFT JOIN (SELECT debit, sum(points) AS points FROM transfer GROUP BY debit) d ON d.debit = a.id
                        """, Tuple.class).getSingleResult().map(Columns.of(Invariants.class));
    }
}
