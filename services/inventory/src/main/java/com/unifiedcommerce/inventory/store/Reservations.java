package com.unifiedcommerce.inventory.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.Tuple;

import com.unifiedcommerce.contracts.inventory.StockLine;
import com.unifiedcommerce.inventory.domain.ReservationStatus;
import com.unifiedcommerce.platform.idempotency.Idempotency;
import com.unifiedcommerce.platform.outbox.Outbox;
import com.unifiedcommerce.platform.store.Columns;
import io.smallrye.mutiny.Uni;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Holds of stock. Taking a hold is one statement: the stock rows are locked in SKU order (so
 * two multi-line holds never deadlock), each line is taken only if enough is available, and the
 * hold is recorded only if every line was; the caller rolls back otherwise, so no partial hold
 * survives.
 */
@ApplicationScoped
public class Reservations {

    // The id (uuid) and the lines (jsonb) come back as text, the way the other services read such
    // columns: Hibernate has no registered type for how the reactive driver describes them when a
    // native query does not name the result type, and resolving one throws and catches an
    // exception inside Hibernate on every row read (docs/performance.md).
    private static final Columns<Stored> STORED = Columns.of(Stored.class);
    private static final Columns<Found> FOUND = Columns.of(Found.class);
    private static final String COLUMNS = "CAST(id AS text) AS id, location_id, reference, owner, status,"
            + " CAST(lines AS text) AS lines, expires_at, created_at, updated_at, attempt";

    /**
     * The request's Idempotency-Key and the answer the hold keeps under it: the hold statement
     * takes the key first when {@code takeKey} (the request's first statement) and holds nothing
     * unless it did ({@link Attempt#keyTaken()}); it stores the answer when it records the hold. The
     * body is the answer's JSON without the hold's three times, which the statement adds.
     */
    public record KeptAnswer(Idempotency.Claim claim, boolean takeKey, int status, String bodyWithoutTimes) {}

    /** The hold in one statement: see {@link #hold}. */
    private static final String HOLD = "WITH"
            // The hold's time, taken once: its creation and deadline, and the kept answer's.
            + " p AS (SELECT CAST(?1 AS uuid) AS id, CAST(?2 AS text) AS location_id,"
            + " CAST(?3 AS text) AS reference, CAST(?4 AS text) AS owner,"
            + " CAST(CAST(?5 AS text) AS jsonb) AS lines, CAST(?6 AS integer) AS ttl,"
            + " CAST(?8 AS integer) AS attempt, CAST(?9 AS text) AS status, clock_timestamp() AS at),"
            // The Idempotency-Key first: a repeat waits here for the first request to end, then
            // takes nothing and locks nothing (the kept answer is replayed). The key is written
            // with the answer of the hold this statement is about to take: a statement cannot
            // update a row it inserts, and a hold refused rolls back with its key.
            + " claim AS ("
            + Idempotency.claimStatement(
                    "CAST(?21 AS text)",
                    "CAST(?22 AS text)",
                    "CAST(?23 AS text)",
                    "CAST(?24 AS bigint)",
                    "CAST(?19 AS integer)",
                    "(SELECT " + keptBody("p.at + p.ttl * interval '1 second'", "p.at", "p.at") + " FROM p)")
            + " RETURNING 1),"
            + " taken AS (SELECT CAST(?23 AS text) IS NULL OR EXISTS (SELECT 1 FROM claim) AS yes),"
            // The reference held before and the caller asked for a first hold only.
            + " seen AS (SELECT CAST(?11 AS boolean)"
            + " AND EXISTS (SELECT 1 FROM reservation r WHERE r.reference = CAST(?3 AS text)) AS yes),"
            + " wanted AS (SELECT w.sku, w.quantity FROM p,"
            + " jsonb_to_recordset(p.lines) AS w(sku text, quantity integer)),"
            // Lines priced with an item master version that is no longer current. Each
            // item is looked up by its key: a join here is planned as a hash of the
            // whole item table (the planner expects 100 rows from a JSON document).
            + " changed AS (SELECT v.key AS sku FROM jsonb_each_text(CAST(CAST(?10 AS text) AS jsonb)) v"
            + " WHERE (SELECT i.updated_at FROM item i WHERE i.sku = v.key)"
            + " IS DISTINCT FROM CAST(v.value AS timestamptz)),"
            // Locking reads see the latest committed levels, in SKU order.
            // By primary key (location and the SKU list as parameters), never a scan
            // of the location's stock.
            + " locked AS (SELECT s.sku, s.on_hand, s.reserved, s.safety_stock FROM stock s"
            + " WHERE s.location_id = CAST(?2 AS text)"
            + " AND s.sku = ANY (string_to_array(CAST(?7 AS text), ','))"
            + " AND NOT (SELECT yes FROM seen) AND (SELECT yes FROM taken)"
            + " ORDER BY s.sku FOR UPDATE OF s),"
            + " held AS (UPDATE stock s SET reserved = s.reserved + w.quantity"
            + " FROM wanted w, locked l"
            + " WHERE s.location_id = CAST(?2 AS text) AND s.sku = l.sku AND w.sku = l.sku"
            + " AND l.on_hand - l.reserved - l.safety_stock >= w.quantity"
            + " RETURNING s.sku, w.quantity),"
            + " saved AS (INSERT INTO reservation (id, location_id, reference, owner, status,"
            + " lines, expires_at, attempt, created_at, updated_at)"
            + " SELECT p.id, p.location_id, p.reference, p.owner, p.status, p.lines,"
            + " p.at + p.ttl * interval '1 second', p.attempt, p.at, p.at FROM p"
            + " WHERE (SELECT count(*) FROM held) = (SELECT count(*) FROM wanted)"
            + " AND NOT EXISTS (SELECT 1 FROM changed) AND NOT (SELECT yes FROM seen)"
            + " AND (SELECT yes FROM taken)"
            + " RETURNING " + COLUMNS + "),"
            + " journal AS (INSERT INTO stock_movement (location_id, sku, kind, reserved_delta,"
            + " reference, actor)"
            + " SELECT p.location_id, h.sku, 'HELD', h.quantity, p.reference, p.owner"
            + " FROM held h, p WHERE EXISTS (SELECT 1 FROM saved)),"
            // The payload comes without the deadline, which only this statement knows;
            // it is added in the form Jackson writes an Instant.
            + " announced AS (INSERT INTO outbox_event (" + Outbox.COLUMNS + ")"
            + " SELECT CAST(?12 AS uuid), CAST(?13 AS text), CAST(?14 AS text), CAST(?15 AS text),"
            + " CAST(CAST(CAST(?16 AS text) AS jsonb) || jsonb_build_object('expiresAt',"
            + " " + instant("s.expires_at") + ") AS text),"
            + " CAST(?17 AS text), CAST(?18 AS text) FROM saved s),"
            // The answer kept under a key an earlier statement of the request took.
            + " kept AS (UPDATE idempotency_key k SET status = CAST(?19 AS integer),"
            + " body = " + keptBody("s.expires_at", "s.created_at", "s.updated_at")
            + " FROM saved s WHERE k.scope = CAST(?21 AS text) AND k.key = CAST(?22 AS text)"
            + " AND CAST(?23 AS text) IS NULL RETURNING 1)"
            + " SELECT s.id, s.location_id, s.reference, s.owner, s.status, s.lines, s.expires_at,"
            + " s.created_at, s.updated_at, s.attempt,"
            // Why nothing was held, worked out only when nothing was: the planner
            // answers "unknown SKUs" with a hash of the whole item table, the larger
            // part of a hold's execution time when run for every hold.
            + " CASE WHEN s.id IS NOT NULL THEN true"
            + " ELSE EXISTS (SELECT 1 FROM location WHERE id = CAST(?2 AS text)) END"
            + " AS location_exists,"
            + " CASE WHEN s.id IS NULL THEN (SELECT string_agg(w.sku, ',' ORDER BY w.sku) FROM wanted w"
            + " WHERE (SELECT true FROM item i WHERE i.sku = w.sku) IS NULL) END AS unknown_skus,"
            + " CASE WHEN s.id IS NULL THEN (SELECT string_agg(c.sku, ',' ORDER BY c.sku) FROM changed c)"
            + " END AS changed_items,"
            + " CASE WHEN s.id IS NULL THEN (SELECT string_agg(w.sku || ':' || w.quantity || ':'"
            + " || greatest(coalesce(l.on_hand - l.reserved - l.safety_stock, 0), 0), ','"
            + " ORDER BY w.sku) FROM wanted w LEFT JOIN locked l ON l.sku = w.sku"
            + " WHERE w.sku NOT IN (SELECT sku FROM held)) END AS short_lines,"
            + " (SELECT yes FROM seen) AS reference_seen, (SELECT yes FROM taken) AS key_taken,"
            + " EXISTS (SELECT 1 FROM kept) OR (s.id IS NOT NULL AND EXISTS (SELECT 1 FROM claim))"
            + " AS answer_kept"
            + " FROM (SELECT 1) one LEFT JOIN saved s ON true";

    /** A line that could not be held, with what was available when it was tried. */
    public record Short(String sku, int requested, int available) {}

    /**
     * What a hold attempt found: the hold when every line was taken; otherwise whether the
     * location and SKUs exist and which lines were short.
     */
    public record Attempt(
            Reservation reservation,
            boolean locationExists,
            List<String> unknownSkus,
            List<String> changedItems,
            List<Short> shortLines,
            boolean referenceSeen,
            boolean keyTaken,
            boolean answerKept) {}

    @Inject
    StockLinesJson json;

    /**
     * The reference's hold: the live or fulfilled one when there is one (at most one can be),
     * else the latest that ended (released or expired); empty when the reference never held.
     */
    public Uni<Optional<Reservation>> byReference(Mutiny.Session session, String reference) {
        return latest(session, reference).map(found -> found.map(Latest::hold));
    }

    /** The reference's hold as {@link #byReference} finds it, and the newest attempt any of its holds came from. */
    public record Latest(Reservation hold, int newestAttempt) {}

    public Uni<Optional<Latest>> latest(Mutiny.Session session, String reference) {
        return session.createNativeQuery(
                        "SELECT " + COLUMNS
                                + ", max(attempt) OVER () AS newest_attempt FROM reservation WHERE reference = ?1"
                                + " ORDER BY status IN ('HELD', 'COMMITTED', 'FULFILLED') DESC, created_at DESC LIMIT 1",
                        Tuple.class)
                .setParameter(1, reference)
                .getResultList()
                .map(rows -> rows.stream()
                        .findFirst()
                        .map(row -> new Latest(reservation(row), row.get("newest_attempt", Integer.class))));
    }

    /**
     * A held hold belongs to its order from now on: COMMITTED, it no longer expires. Emits the
     * hold when it is committed now or was already; empty when it ended (released, expired,
     * fulfilled), which the caller must treat as a failure.
     */
    public Uni<Optional<Reservation>> commit(Mutiny.Session session, UUID id) {
        return session.createNativeQuery(
                        "UPDATE reservation SET status = 'COMMITTED', updated_at = clock_timestamp()"
                                + " WHERE id = ?1 AND status IN ('HELD', 'COMMITTED') RETURNING " + COLUMNS,
                        Tuple.class)
                .setParameter(1, id)
                .getResultList()
                .map(rows -> rows.stream().findFirst().map(this::reservation));
    }

    public Uni<Optional<Reservation>> byId(Mutiny.Session session, UUID id) {
        return session.createNativeQuery("SELECT " + COLUMNS + " FROM reservation WHERE id = ?1", Tuple.class)
                .setParameter(1, id)
                .getResultList()
                .map(rows -> rows.stream().findFirst().map(this::reservation));
    }

    /**
     * Tries to hold every line (sorted by SKU, no duplicates) at the location, in one statement,
     * recorded in {@code status}: HELD (expires after the time to live), or COMMITTED at once (does
     * not expire). Nothing is held when an item's {@code updated_at} differs from the version given
     * for its SKU.
     *
     * <p>With {@code onlyIfNew}, nothing is locked or held when the reference ever held before
     * ({@link Attempt#referenceSeen()}): the caller then reads the reference's {@link #latest} and
     * decides (a repeat, a superseded attempt, a successor). A first hold, by far the most common,
     * so costs one statement instead of two.
     *
     * <p>The same statement inserts {@code announced}, the StockReserved event's outbox row, when
     * it records the hold, with the hold's deadline as {@code expiresAt}: the hold and its event
     * are still one transaction, and a hot SKU's row lock no longer waits for an outbox round trip.
     * When the request has an Idempotency-Key ({@code kept} not null), the statement also takes the
     * key first ({@link KeptAnswer#takeKey()}) and stores the answer under it
     * ({@link Attempt#answerKept()}), for the same reasons: a keyed first hold is BEGIN, this
     * statement, COMMIT. A first hold writes the key with its answer, so the caller must roll back
     * when nothing was held (a refusal does).
     *
     * <p>The hold's times (created, updated, and the deadline after {@code ttlSeconds}) are the
     * statement's start, before it waits for any lock.
     */
    public Uni<Attempt> hold(
            Mutiny.Session session,
            UUID id,
            String locationId,
            String reference,
            String owner,
            List<StockLine> lines,
            int ttlSeconds,
            int attempt,
            ReservationStatus status,
            Map<String, Instant> itemVersions,
            boolean onlyIfNew,
            Outbox.Row announced,
            KeptAnswer kept) {
        return session.createNativeQuery(HOLD, Tuple.class)
                .setParameter(1, id)
                .setParameter(2, locationId)
                .setParameter(3, reference)
                .setParameter(4, owner)
                .setParameter(5, json.write(lines))
                .setParameter(6, ttlSeconds)
                .setParameter(8, attempt)
                .setParameter(9, status.name())
                .setParameter(
                        7, String.join(",", lines.stream().map(StockLine::sku).toList()))
                .setParameter(10, json.versions(itemVersions))
                .setParameter(11, onlyIfNew)
                .setParameter(12, announced.id())
                .setParameter(13, announced.topic())
                .setParameter(14, announced.aggregateId())
                .setParameter(15, announced.type())
                .setParameter(16, announced.payload())
                .setParameter(17, announced.requestId())
                .setParameter(18, announced.traceparent())
                .setParameter(19, kept == null ? null : kept.status())
                .setParameter(20, kept == null ? null : kept.bodyWithoutTimes())
                .setParameter(21, kept == null ? null : kept.claim().scope())
                .setParameter(22, kept == null ? null : kept.claim().key())
                .setParameter(
                        23,
                        kept == null || !kept.takeKey() ? null : kept.claim().requestHash())
                .setParameter(24, kept == null ? 0L : kept.claim().retentionSeconds())
                .getSingleResult()
                .map(row -> {
                    Found found = FOUND.apply(row);
                    return new Attempt(
                            row.get("id") == null ? null : reservation(row),
                            found.locationExists(),
                            found.unknownSkus(),
                            found.changedItems(),
                            shortLines(found.shortLines()),
                            found.referenceSeen(),
                            found.keyTaken(),
                            found.answerKept());
                });
    }

    /**
     * Ends a hold that is {@code from} one of the given states: gives its units back to available
     * (RELEASED, EXPIRED) and journals it. Empty when the hold was not in one of those states.
     */
    public Uni<Optional<Reservation>> giveBack(
            Mutiny.Session session, UUID id, List<ReservationStatus> from, ReservationStatus to, String actor) {
        return session.createNativeQuery(
                        "WITH target AS (SELECT id, location_id, lines FROM reservation"
                                + " WHERE id = ?1 AND status = ANY (string_to_array(?2, ',')) FOR UPDATE),"
                                + " wanted AS (SELECT t.location_id, w.sku, w.quantity FROM target t,"
                                + " jsonb_to_recordset(t.lines) AS w(sku text, quantity integer)),"
                                + " locked AS (SELECT s.location_id, s.sku FROM stock s JOIN wanted w"
                                + " ON s.location_id = w.location_id AND s.sku = w.sku ORDER BY s.sku FOR UPDATE OF s),"
                                + " back AS (UPDATE stock s SET reserved = s.reserved - w.quantity FROM wanted w, locked l"
                                + " WHERE s.location_id = l.location_id AND s.sku = l.sku AND w.sku = l.sku"
                                + " RETURNING s.sku),"
                                + " ended AS (UPDATE reservation r SET status = ?3, updated_at = clock_timestamp()"
                                + " FROM target t WHERE r.id = t.id RETURNING r.*),"
                                + " journal AS (INSERT INTO stock_movement (location_id, sku, kind, reserved_delta,"
                                + " reason, reference, actor)"
                                + " SELECT e.location_id, w.sku, 'RELEASED', -w.quantity, ?3, e.reference, ?4"
                                + " FROM ended e, wanted w)"
                                + " SELECT " + COLUMNS + " FROM ended",
                        Tuple.class)
                .setParameter(1, id)
                .setParameter(2, String.join(",", from.stream().map(Enum::name).toList()))
                .setParameter(3, to.name())
                .setParameter(4, actor)
                .getResultList()
                .map(rows -> rows.stream().findFirst().map(this::reservation));
    }

    /** Open holds (HELD, COMMITTED) by reference, after {@code after}, for reconciliation. */
    public Uni<List<Reservation>> open(Mutiny.Session session, String after, int limit) {
        return session.createNativeQuery(
                        "SELECT " + COLUMNS + " FROM reservation WHERE status IN ('HELD', 'COMMITTED')"
                                + " AND reference > ?1 ORDER BY reference LIMIT ?2",
                        Tuple.class)
                .setParameter(1, after)
                .setParameter(2, limit)
                .getResultList()
                .map(rows -> rows.stream().map(this::reservation).toList());
    }

    /** Claims up to {@code limit} holds past their deadline that no other replica is expiring. */
    public Uni<List<UUID>> due(Mutiny.Session session, int limit) {
        return session.createNativeQuery(
                        "SELECT id FROM reservation WHERE status = 'HELD' AND expires_at <= clock_timestamp()"
                                + " ORDER BY expires_at LIMIT ?1 FOR UPDATE SKIP LOCKED",
                        UUID.class)
                .setParameter(1, limit)
                .getResultList();
    }

    /** A concurrent request with the same reference won the race to record its hold. */
    public static boolean isDuplicateReference(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            String message = cause.getMessage();
            if (message != null && message.contains("reservation_live_reference")) {
                return true;
            }
        }
        return false;
    }

    /** A hold's row as {@link #COLUMNS} reads it: the lines are the JSON document's text. */
    private record Stored(
            UUID id,
            String locationId,
            String reference,
            String owner,
            ReservationStatus status,
            String lines,
            Instant expiresAt,
            Instant createdAt,
            Instant updatedAt,
            int attempt) {}

    /** What the hold statement reports beside the hold; the lists are empty when nothing is in them. */
    private record Found(
            boolean locationExists,
            List<String> unknownSkus,
            List<String> changedItems,
            List<String> shortLines,
            boolean referenceSeen,
            boolean keyTaken,
            boolean answerKept) {}

    /** The kept answer: the body without times ({@link KeptAnswer}) and the hold's three times. */
    private static String keptBody(String expiresAt, String createdAt, String updatedAt) {
        return "CAST(CAST(CAST(?20 AS text) AS jsonb) || jsonb_build_object('expiresAt', " + instant(expiresAt)
                + ", 'createdAt', " + instant(createdAt) + ", 'updatedAt', " + instant(updatedAt) + ") AS text)";
    }

    /** A timestamp expression as JSON text in the form Jackson writes an Instant (ISO 8601, UTC). */
    private static String instant(String column) {
        return "to_char((" + column + ") AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')";
    }

    private Reservation reservation(Tuple row) {
        Stored stored = STORED.apply(row);
        return new Reservation(
                stored.id(),
                stored.locationId(),
                stored.reference(),
                stored.owner(),
                stored.status(),
                json.read(stored.lines()),
                stored.expiresAt(),
                stored.createdAt(),
                stored.updatedAt(),
                stored.attempt());
    }

    /** Lines written as {@code sku:requested:available}. */
    static List<Short> shortLines(List<String> lines) {
        List<Short> shorts = new ArrayList<>(lines.size());
        for (String line : lines) {
            String[] parts = line.split(":");
            shorts.add(new Short(parts[0], Integer.parseInt(parts[1]), Integer.parseInt(parts[2])));
        }
        return shorts;
    }

    /** A hold as stored. */
    public record Reservation(
            UUID id,
            String locationId,
            String reference,
            String owner,
            ReservationStatus status,
            List<StockLine> lines,
            Instant expiresAt,
            Instant createdAt,
            Instant updatedAt,
            int attempt) {}
}
