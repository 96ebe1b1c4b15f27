package com.unifiedcommerce.payment.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.Tuple;

import com.unifiedcommerce.payment.domain.CardOperation;
import com.unifiedcommerce.payment.domain.CardPayment;
import com.unifiedcommerce.payment.domain.Movement;
import com.unifiedcommerce.platform.store.Columns;
import io.smallrye.mutiny.Uni;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * The card payments, their operations and the payment journal, in the service's own database.
 * Every statement is native SQL read back by column name. The amounts move only in
 * {@link #move}, inside the caller's transaction and under the row lock {@link #lock} took.
 */
@ApplicationScoped
public class CardPayments {

    private static final String COLUMNS = "CAST(id AS text) AS id, order_id, status, amount, currency,"
            + " card_fingerprint, card_last4, provider_ref, decline_code, expires_at, captured, capturing,"
            + " refunded, refunding, attempt, generation, abandoned_at";

    /** One line of the payment journal. */
    public record Entry(
            long id, String kind, long amount, String currency, String cause, String providerRef, Instant recordedAt) {}

    /** The order's payment as {@link #begin} found it, and whether this very call recorded it. */
    public record Begun(CardPayment payment, boolean fresh) {}

    /**
     * Records the intent to authorise (AUTHORISING, for this attempt) unless the order has a card
     * payment already; either way answers the order's payment, locked until the transaction ends.
     * A first authorisation is this one statement (the row it inserts is its own).
     */
    public Uni<Begun> begin(
            Mutiny.Session session,
            String orderId,
            int attempt,
            long amount,
            String currency,
            String fingerprint,
            String last4) {
        return session.createNativeQuery("""
                        INSERT INTO card_payment (id, order_id, status, amount, currency, card_fingerprint, card_last4, attempt)
                        VALUES (CAST(CAST(?1 AS text) AS uuid), ?2, 'AUTHORISING', ?3, ?4, ?5, ?6, ?7)
                        ON CONFLICT (order_id) DO NOTHING RETURNING\s""" + COLUMNS, Tuple.class)
                .setParameter(1, UUID.randomUUID().toString())
                .setParameter(2, orderId)
                .setParameter(3, amount)
                .setParameter(4, currency)
                .setParameter(5, fingerprint)
                .setParameter(6, last4)
                .setParameter(7, attempt)
                .getResultList()
                .chain(inserted -> inserted.isEmpty()
                        ? lock(session, orderId).map(found -> new Begun(found.orElseThrow(), false))
                        : Uni.createFrom()
                                .item(new Begun(Columns.of(CardPayment.class).apply(inserted.getFirst()), true)));
    }

    /** A new generation of the payment, for a newer attempt or another card: AUTHORISING afresh. */
    public Uni<Integer> restart(
            Mutiny.Session session,
            UUID id,
            int attempt,
            long amount,
            String currency,
            String fingerprint,
            String last4) {
        return session.createNativeQuery("""
                        UPDATE card_payment SET status = 'AUTHORISING', attempt = ?2, amount = ?3, currency = ?4,
                            card_fingerprint = ?5, card_last4 = ?6, generation = generation + 1, provider_ref = NULL,
                            decline_code = NULL, expires_at = NULL, abandoned_at = NULL, updated_at = clock_timestamp()
                        WHERE id = CAST(CAST(?1 AS text) AS uuid) AND captured + capturing = 0""")
                .setParameter(1, id.toString())
                .setParameter(2, attempt)
                .setParameter(3, amount)
                .setParameter(4, currency)
                .setParameter(5, fingerprint)
                .setParameter(6, last4)
                .executeUpdate();
    }

    /** A newer attempt takes the payment over: an older one can no longer give it up. */
    public Uni<Integer> takeOver(Mutiny.Session session, UUID id, int attempt) {
        return session.createNativeQuery("""
                        UPDATE card_payment SET attempt = ?2, abandoned_at = NULL, updated_at = clock_timestamp()
                        WHERE id = CAST(CAST(?1 AS text) AS uuid) AND attempt <= ?2""")
                .setParameter(1, id.toString())
                .setParameter(2, attempt)
                .executeUpdate();
    }

    /** The attempt gave up a payment whose authorisation's outcome is unknown: the sweep cancels it later. */
    public Uni<Integer> abandon(Mutiny.Session session, UUID id) {
        return session.createNativeQuery("""
                        UPDATE card_payment SET abandoned_at = coalesce(abandoned_at, clock_timestamp()),
                            updated_at = clock_timestamp()
                        WHERE id = CAST(CAST(?1 AS text) AS uuid) AND status = 'AUTHORISING'""").setParameter(1, id.toString()).executeUpdate();
    }

    /**
     * Abandoned authorisations older than {@code seconds} that no other replica is cancelling: still
     * unanswered, or approved after their attempt gave them up (no attempt has taken them over).
     */
    public Uni<List<CardPayment>> abandonedDue(Mutiny.Session session, long seconds, int limit) {
        return session.createNativeQuery(
                        "SELECT " + COLUMNS + " FROM card_payment WHERE status IN ('AUTHORISING', 'AUTHORISED')"
                                + " AND abandoned_at <= clock_timestamp() - ?1 * interval '1 second'"
                                + " ORDER BY abandoned_at LIMIT ?2 FOR UPDATE SKIP LOCKED",
                        Tuple.class)
                .setParameter(1, seconds)
                .setParameter(2, limit)
                .getResultList()
                .map(Columns.of(CardPayment.class)::all);
    }

    /** The provider cancelled the generation's authorisation (if it made one): VOIDED. */
    public Uni<Integer> cancelled(Mutiny.Session session, UUID id, int generation, String providerRef) {
        return session.createNativeQuery("""
                        UPDATE card_payment SET status = 'VOIDED', provider_ref = coalesce(?3, provider_ref),
                            updated_at = clock_timestamp()
                        WHERE id = CAST(CAST(?1 AS text) AS uuid) AND status = 'AUTHORISING' AND generation = ?2""")
                .setParameter(1, id.toString())
                .setParameter(2, generation)
                .setParameter(3, providerRef)
                .executeUpdate();
    }

    public Uni<Optional<CardPayment>> byOrder(Mutiny.Session session, String orderId) {
        return session.createNativeQuery("SELECT " + COLUMNS + " FROM card_payment WHERE order_id = ?1", Tuple.class)
                .setParameter(1, orderId)
                .getResultList()
                .map(rows -> rows.stream().findFirst().map(Columns.of(CardPayment.class)));
    }

    /** The order's payment, locked until the transaction ends. */
    public Uni<Optional<CardPayment>> lock(Mutiny.Session session, String orderId) {
        return session.createNativeQuery(
                        "SELECT " + COLUMNS + " FROM card_payment WHERE order_id = ?1 FOR UPDATE", Tuple.class)
                .setParameter(1, orderId)
                .getResultList()
                .map(rows -> rows.stream().findFirst().map(Columns.of(CardPayment.class)));
    }

    /**
     * The provider's answer to an authorisation still AUTHORISING in the same generation, with its
     * journal entry ({@code entryKind}, for the payment's amount; none when it is null) in the same
     * statement: the payment as settled, or empty when the answer changed nothing (given up or
     * answered meanwhile).
     */
    public Uni<Optional<CardPayment>> settled(
            Mutiny.Session session,
            CardPayment payment,
            CardPayment.Status status,
            String providerRef,
            String declineCode,
            Instant expiresAt,
            String entryKind,
            String cause) {
        return session.createNativeQuery("""
                        WITH settled AS (
                            UPDATE card_payment SET status = ?2, provider_ref = ?3, decline_code = ?4,
                                expires_at = CAST(CAST(?5 AS text) AS timestamptz), updated_at = clock_timestamp()
                            WHERE id = CAST(CAST(?1 AS text) AS uuid) AND status = 'AUTHORISING' AND generation = ?6
                            RETURNING *),
                        entry AS (
                            INSERT INTO payment_entry (payment_id, order_id, kind, amount, currency, cause, provider_ref)
                            SELECT id, order_id, CAST(?7 AS text), amount, currency, ?8, provider_ref FROM settled
                            WHERE CAST(?7 AS text) IS NOT NULL)
                        SELECT\s""" + COLUMNS + " FROM settled", Tuple.class)
                .setParameter(1, payment.id().toString())
                .setParameter(2, status.name())
                .setParameter(3, providerRef)
                .setParameter(4, declineCode)
                .setParameter(5, expiresAt == null ? null : expiresAt.toString())
                .setParameter(6, payment.generation())
                .setParameter(7, entryKind)
                .setParameter(8, cause)
                .getResultList()
                .map(rows -> rows.stream().findFirst().map(Columns.of(CardPayment.class)));
    }

    /**
     * Moves the payment's amounts by the movement's deltas and sets its status when it names one.
     * The table's checks refuse any movement past what was authorised or captured.
     */
    public Uni<Integer> move(Mutiny.Session session, UUID id, Movement movement) {
        return session.createNativeQuery("""
                        UPDATE card_payment SET captured = captured + ?2, capturing = capturing + ?3,
                            refunded = refunded + ?4, refunding = refunding + ?5,
                            status = coalesce(?6, status), updated_at = clock_timestamp()
                        WHERE id = CAST(CAST(?1 AS text) AS uuid)""")
                .setParameter(1, id.toString())
                .setParameter(2, movement.captured())
                .setParameter(3, movement.capturing())
                .setParameter(4, movement.refunded())
                .setParameter(5, movement.refunding())
                .setParameter(
                        6, movement.status() == null ? null : movement.status().name())
                .executeUpdate();
    }

    public Uni<Optional<CardOperation>> operation(
            Mutiny.Session session, UUID paymentId, CardOperation.Kind kind, String cause) {
        return session.createNativeQuery("""
                        SELECT CAST(payment_id AS text) AS payment_id, kind, cause, amount, status, provider_ref, failure
                        FROM card_operation WHERE payment_id = CAST(CAST(?1 AS text) AS uuid) AND kind = ?2 AND cause = ?3""", Tuple.class)
                .setParameter(1, paymentId.toString())
                .setParameter(2, kind.name())
                .setParameter(3, cause)
                .getResultList()
                .map(rows -> rows.stream().findFirst().map(Columns.of(CardOperation.class)));
    }

    /** Whether a void of the payment's current authorisation was asked and has not failed. */
    public Uni<Boolean> voidAsked(Mutiny.Session session, CardPayment payment) {
        return session.createNativeQuery(
                        "SELECT count(*) AS n FROM card_operation WHERE payment_id = CAST(CAST(?1 AS text) AS uuid)"
                                + " AND kind = 'VOID' AND cause = ?2 AND status <> 'FAILED'",
                        Tuple.class)
                .setParameter(1, payment.id().toString())
                .setParameter(2, CardOperation.voidCause(payment.generation()))
                .getSingleResult()
                .map(row -> row.get("n", Long.class) > 0);
    }

    public Uni<Integer> request(Mutiny.Session session, CardOperation operation) {
        return session.createNativeQuery("""
                        INSERT INTO card_operation (payment_id, kind, cause, amount, status)
                        VALUES (CAST(CAST(?1 AS text) AS uuid), ?2, ?3, ?4, 'REQUESTED')""")
                .setParameter(1, operation.paymentId().toString())
                .setParameter(2, operation.kind().name())
                .setParameter(3, operation.cause())
                .setParameter(4, operation.amount())
                .executeUpdate();
    }

    /** Moves an operation from one status to another; 0 when it was no longer in {@code from}. */
    public Uni<Integer> answer(
            Mutiny.Session session,
            CardOperation operation,
            CardOperation.Status from,
            CardOperation.Status to,
            String providerRef,
            String failure) {
        return session.createNativeQuery("""
                        UPDATE card_operation SET status = ?5, provider_ref = coalesce(?6, provider_ref),
                            failure = ?7, updated_at = clock_timestamp()
                        WHERE payment_id = CAST(CAST(?1 AS text) AS uuid) AND kind = ?2 AND cause = ?3 AND status = ?4""")
                .setParameter(1, operation.paymentId().toString())
                .setParameter(2, operation.kind().name())
                .setParameter(3, operation.cause())
                .setParameter(4, from.name())
                .setParameter(5, to.name())
                .setParameter(6, providerRef)
                .setParameter(7, failure)
                .executeUpdate();
    }

    /** The refund the provider knows by this id, locked with its payment; empty when none is. */
    public Uni<Optional<CardOperation>> refundByProviderRef(Mutiny.Session session, String providerRef) {
        return session.createNativeQuery("""
                        SELECT CAST(o.payment_id AS text) AS payment_id, o.kind, o.cause, o.amount, o.status,
                            o.provider_ref, o.failure
                        FROM card_operation o JOIN card_payment p ON p.id = o.payment_id
                        WHERE o.provider_ref = ?1 AND o.kind = 'REFUND'
                        FOR UPDATE OF p, o""", Tuple.class)
                .setParameter(1, providerRef)
                .getResultList()
                .map(rows -> rows.stream().findFirst().map(Columns.of(CardOperation.class)));
    }

    public Uni<Optional<CardPayment>> byId(Mutiny.Session session, UUID id) {
        return session.createNativeQuery(
                        "SELECT " + COLUMNS + " FROM card_payment WHERE id = CAST(CAST(?1 AS text) AS uuid)",
                        Tuple.class)
                .setParameter(1, id.toString())
                .getResultList()
                .map(rows -> rows.stream().findFirst().map(Columns.of(CardPayment.class)));
    }

    /** Appends to the payment journal. */
    public Uni<Integer> journal(
            Mutiny.Session session, CardPayment payment, String kind, long amount, String cause, String providerRef) {
        return session.createNativeQuery("""
                        INSERT INTO payment_entry (payment_id, order_id, kind, amount, currency, cause, provider_ref)
                        VALUES (CAST(CAST(?1 AS text) AS uuid), ?2, ?3, ?4, ?5, ?6, ?7)""")
                .setParameter(1, payment.id().toString())
                .setParameter(2, payment.orderId())
                .setParameter(3, kind)
                .setParameter(4, amount)
                .setParameter(5, payment.currency())
                .setParameter(6, cause)
                .setParameter(7, providerRef)
                .executeUpdate();
    }

    public Uni<List<Entry>> entries(Mutiny.Session session, String orderId) {
        return session.createNativeQuery("""
                        SELECT id, kind, amount, currency, cause, provider_ref, recorded_at
                        FROM payment_entry WHERE order_id = ?1 ORDER BY id""", Tuple.class)
                .setParameter(1, orderId)
                .getResultList()
                .map(Columns.of(Entry.class)::all);
    }

    /** Payments the provider authorised, by order id after {@code after}: reconciliation's pages. */
    public Uni<List<CardPayment>> authorisedAfter(Mutiny.Session session, String after, int limit) {
        return session.createNativeQuery(
                        "SELECT " + COLUMNS + " FROM card_payment WHERE provider_ref IS NOT NULL AND order_id > ?1"
                                + " ORDER BY order_id LIMIT ?2",
                        Tuple.class)
                .setParameter(1, after)
                .setParameter(2, limit)
                .getResultList()
                .map(Columns.of(CardPayment.class)::all);
    }

    /** Records a provider event as applied; false when it was applied before. */
    public Uni<Boolean> firstDelivery(Mutiny.Session session, String eventId, String type) {
        return session.createNativeQuery(
                        "INSERT INTO provider_event (id, type) VALUES (?1, ?2) ON CONFLICT (id) DO NOTHING")
                .setParameter(1, eventId)
                .setParameter(2, type)
                .executeUpdate()
                .map(inserted -> inserted == 1);
    }
}
