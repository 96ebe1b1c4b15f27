package com.unifiedcommerce.payment.store;

import java.util.List;
import java.util.Optional;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.Tuple;

import com.unifiedcommerce.platform.store.Columns;
import io.smallrye.mutiny.Uni;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * The gift card ledger's statements. Value moves only by {@link #transfer}: one statement that
 * records the transfer (once per cause) and moves both balances; the table checks refuse a card
 * below zero or holding more than it has. Holds count in the card's {@code held} and are kept per
 * order and card in {@code gift_hold}.
 */
@ApplicationScoped
public class GiftCards {

    /** A card, the retailer's issuer account or its redeemed account. */
    public record Account(String id, String kind, String currency, long balance, long held) {

        public long available() {
            return balance - held;
        }
    }

    /** A card's amount held for an order. */
    public record Hold(String orderId, String account, long amount, int attempt, String status, long refunded) {}

    /** A transfer as the ledger keeps it. */
    public record Transfer(
            long id, String debit, String credit, long amount, String kind, String cause, String orderId) {}

    public static String cardAccount(String code) {
        return "gc:" + code;
    }

    public static String issuerAccount(String currency) {
        return "issuer:" + currency;
    }

    public static String redeemedAccount(String currency) {
        return "redeemed:" + currency;
    }

    /** Opens the card's account and the retailer's accounts of its currency, where missing. */
    public Uni<Integer> open(Mutiny.Session session, String code, String currency) {
        return session.createNativeQuery("""
                        INSERT INTO gift_account (id, kind, currency)
                        VALUES (?1, 'CARD', ?4), (?2, 'ISSUER', ?4), (?3, 'REDEEMED', ?4)
                        ON CONFLICT (id) DO NOTHING""")
                .setParameter(1, cardAccount(code))
                .setParameter(2, issuerAccount(currency))
                .setParameter(3, redeemedAccount(currency))
                .setParameter(4, currency)
                .executeUpdate();
    }

    /** The account, locked for the rest of the transaction: holds on one card are decided one at a time. */
    public Uni<Optional<Account>> lockAccount(Mutiny.Session session, String id) {
        return session.createNativeQuery(
                        "SELECT id, kind, currency, balance, held FROM gift_account WHERE id = ?1 FOR UPDATE",
                        Tuple.class)
                .setParameter(1, id)
                .getResultList()
                .map(rows -> rows.stream().findFirst().map(Columns.of(Account.class)));
    }

    public Uni<Optional<Account>> account(Mutiny.Session session, String id) {
        return session.createNativeQuery(
                        "SELECT id, kind, currency, balance, held FROM gift_account WHERE id = ?1", Tuple.class)
                .setParameter(1, id)
                .getResultList()
                .map(rows -> rows.stream().findFirst().map(Columns.of(Account.class)));
    }

    /**
     * Moves {@code amount} from {@code debit} to {@code credit} for {@code cause}, once; a capture
     * also takes {@code released} off the debited card's held amount. Emits whether it moved (false:
     * the cause had moved it already). Fails with a check violation when a card would go below zero.
     */
    public Uni<Boolean> transfer(
            Mutiny.Session session,
            String debit,
            String credit,
            long amount,
            String kind,
            String cause,
            String orderId,
            String actor,
            long released) {
        return session.createNativeQuery("""
                        WITH t AS (
                            INSERT INTO gift_transfer (debit, credit, amount, kind, cause, order_id, actor)
                            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
                            ON CONFLICT (cause) DO NOTHING
                            RETURNING debit, credit, amount),
                        d AS (
                            UPDATE gift_account a SET balance = a.balance - t.amount, held = a.held - ?8
                            FROM t WHERE a.id = t.debit RETURNING a.id),
                        c AS (
                            UPDATE gift_account a SET balance = a.balance + t.amount
                            FROM t WHERE a.id = t.credit RETURNING a.id)
                        SELECT CAST((SELECT count(*) FROM t) AS integer) AS moved,
                            CAST((SELECT count(*) FROM d) + (SELECT count(*) FROM c) AS integer) AS accounts""", Tuple.class)
                .setParameter(1, debit)
                .setParameter(2, credit)
                .setParameter(3, amount)
                .setParameter(4, kind)
                .setParameter(5, cause)
                .setParameter(6, orderId)
                .setParameter(7, actor)
                .setParameter(8, released)
                .getSingleResult()
                .map(row -> {
                    int moved = row.get("moved", Integer.class);
                    if (moved == 1 && row.get("accounts", Integer.class) != 2) {
                        throw new IllegalStateException("gift card transfer " + cause + " names an account that"
                                + " does not exist: " + debit + " -> " + credit);
                    }
                    return moved == 1;
                });
    }

    /** The transfer a cause made, if it made one. */
    public Uni<Optional<Transfer>> transferOf(Mutiny.Session session, String cause) {
        return session.createNativeQuery(
                        "SELECT id, debit, credit, amount, kind, cause, order_id FROM gift_transfer WHERE cause = ?1",
                        Tuple.class)
                .setParameter(1, cause)
                .getResultList()
                .map(rows -> rows.stream().findFirst().map(Columns.of(Transfer.class)));
    }

    /** A card's transfers, newest first, one page. */
    public Uni<List<Transfer>> transfers(Mutiny.Session session, String account, int limit) {
        return session.createNativeQuery("""
                        SELECT id, debit, credit, amount, kind, cause, order_id FROM gift_transfer
                        WHERE debit = ?1 OR credit = ?1 ORDER BY id DESC LIMIT ?2""", Tuple.class)
                .setParameter(1, account)
                .setParameter(2, limit)
                .getResultList()
                .map(Columns.of(Transfer.class)::all);
    }

    /** The order's hold on a card, locked for the rest of the transaction. */
    public Uni<Optional<Hold>> lockHold(Mutiny.Session session, String orderId, String account) {
        return session.createNativeQuery("""
                        SELECT order_id, account, amount, attempt, status, refunded FROM gift_hold
                        WHERE order_id = ?1 AND account = ?2 FOR UPDATE""", Tuple.class)
                .setParameter(1, orderId)
                .setParameter(2, account)
                .getResultList()
                .map(rows -> rows.stream().findFirst().map(Columns.of(Hold.class)));
    }

    public Uni<List<Hold>> holds(Mutiny.Session session, String orderId) {
        return session.createNativeQuery("""
                        SELECT order_id, account, amount, attempt, status, refunded FROM gift_hold
                        WHERE order_id = ?1 ORDER BY account""", Tuple.class)
                .setParameter(1, orderId)
                .getResultList()
                .map(Columns.of(Hold.class)::all);
    }

    /**
     * Adds {@code delta} (negative gives back) to what the card holds, if it has that much
     * available. One guarded statement: two checkouts cannot both spend the last of a card.
     */
    public Uni<Boolean> changeHeld(Mutiny.Session session, String account, long delta) {
        return session.createNativeQuery("""
                        UPDATE gift_account SET held = held + ?2
                        WHERE id = ?1 AND kind = 'CARD' AND balance - held >= ?2 AND held + ?2 >= 0""")
                .setParameter(1, account)
                .setParameter(2, delta)
                .executeUpdate()
                .map(changed -> changed == 1);
    }

    /** Records the order's hold on the card (a new one, or a newer attempt's in place of the old). */
    public Uni<Integer> putHold(Mutiny.Session session, String orderId, String account, long amount, int attempt) {
        return session.createNativeQuery("""
                        INSERT INTO gift_hold (order_id, account, amount, attempt, status)
                        VALUES (?1, ?2, ?3, ?4, 'HELD')
                        ON CONFLICT (order_id, account) DO UPDATE SET amount = EXCLUDED.amount,
                            attempt = EXCLUDED.attempt, status = 'HELD', updated_at = clock_timestamp()""")
                .setParameter(1, orderId)
                .setParameter(2, account)
                .setParameter(3, amount)
                .setParameter(4, attempt)
                .executeUpdate();
    }

    /**
     * Releases the order's holds of attempts up to {@code attempt} that are still held, giving their
     * amounts back to the cards; one statement. Emits how many it released.
     */
    public Uni<Integer> release(Mutiny.Session session, String orderId, int attempt) {
        return session.createNativeQuery("""
                        WITH r AS (
                            UPDATE gift_hold SET status = 'RELEASED', updated_at = clock_timestamp()
                            WHERE order_id = ?1 AND status = 'HELD' AND attempt <= ?2
                            RETURNING account, amount)
                        UPDATE gift_account a SET held = a.held - r.amount FROM r WHERE a.id = r.account""")
                .setParameter(1, orderId)
                .setParameter(2, attempt)
                .executeUpdate();
    }

    public Uni<Integer> captured(Mutiny.Session session, String orderId, String account) {
        return session.createNativeQuery("""
                        UPDATE gift_hold SET status = 'CAPTURED', updated_at = clock_timestamp()
                        WHERE order_id = ?1 AND account = ?2 AND status = 'HELD'""")
                .setParameter(1, orderId)
                .setParameter(2, account)
                .executeUpdate();
    }

    /** Counts {@code amount} more as refunded to the card if, with it, no more than was captured. */
    public Uni<Boolean> takeRefund(Mutiny.Session session, String orderId, String account, long amount) {
        return session.createNativeQuery("""
                        UPDATE gift_hold SET refunded = refunded + ?3, updated_at = clock_timestamp()
                        WHERE order_id = ?1 AND account = ?2 AND status = 'CAPTURED' AND refunded + ?3 <= amount""")
                .setParameter(1, orderId)
                .setParameter(2, account)
                .setParameter(3, amount)
                .executeUpdate()
                .map(changed -> changed == 1);
    }

    /** What the payment service moved for one order, card and gift cards together. */
    public record OrderMoney(
            String orderId, long cardCaptured, long cardRefunded, long giftRedeemed, long giftRefunded) {}

    /**
     * The money of the orders after {@code after} (by id, byte order), one page: what was captured
     * and refunded on the card, redeemed from and refunded to gift cards. For reconciliation.
     */
    public Uni<List<OrderMoney>> money(Mutiny.Session session, String after, int limit) {
        return session.createNativeQuery("""
                        SELECT order_id, sum(card_captured) AS card_captured, sum(card_refunded) AS card_refunded,
                            sum(gift_redeemed) AS gift_redeemed, sum(gift_refunded) AS gift_refunded
                        FROM (
                            SELECT order_id, captured AS card_captured, refunded AS card_refunded,
                                0 AS gift_redeemed, 0 AS gift_refunded
                            FROM card_payment WHERE order_id COLLATE "C" > ?1
                            UNION ALL
                            SELECT order_id, 0, 0, CASE WHEN status = 'CAPTURED' THEN amount ELSE 0 END, refunded
                            FROM gift_hold WHERE order_id COLLATE "C" > ?1) m
                        GROUP BY order_id ORDER BY order_id COLLATE "C" LIMIT ?2""", Tuple.class)
                .setParameter(1, after)
                .setParameter(2, limit)
                .getResultList()
                .map(Columns.of(OrderMoney.class)::all);
    }
}
