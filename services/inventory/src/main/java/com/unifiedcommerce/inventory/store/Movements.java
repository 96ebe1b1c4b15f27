package com.unifiedcommerce.inventory.store;

import java.util.List;
import java.util.Optional;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.Tuple;

import com.unifiedcommerce.contracts.inventory.StockLine;
import com.unifiedcommerce.contracts.returns.ReturnLine;
import com.unifiedcommerce.platform.store.Columns;
import io.smallrye.mutiny.Uni;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * What orders and returns do to stock: committing and fulfilling holds, counter sales and
 * restocks. Each is one statement that locks stock rows in SKU order and journals what it moved.
 */
@ApplicationScoped
public class Movements {

    @Inject
    StockLinesJson json;

    /**
     * The held units left with the customer: on hand and reserved go down together and the hold is
     * FULFILLED. If a count found fewer units than were held, on hand stops at zero and the journal
     * says what really moved. Emits whether a hold was fulfilled.
     */
    public Uni<Boolean> fulfil(Mutiny.Session session, String reference, String actor) {
        return session.createNativeQuery(
                        "WITH target AS (SELECT id, location_id, reference, lines FROM reservation"
                                + " WHERE reference = ?1 AND status IN ('HELD', 'COMMITTED') FOR UPDATE),"
                                + " wanted AS (SELECT t.location_id, t.reference, w.sku, w.quantity FROM target t,"
                                + " jsonb_to_recordset(t.lines) AS w(sku text, quantity integer)),"
                                + " locked AS (SELECT s.location_id, s.sku, s.on_hand FROM stock s JOIN wanted w"
                                + " ON s.location_id = w.location_id AND s.sku = w.sku ORDER BY s.sku FOR UPDATE OF s),"
                                + " gone AS (UPDATE stock s SET on_hand = s.on_hand - least(l.on_hand, w.quantity),"
                                + " reserved = s.reserved - w.quantity FROM wanted w, locked l"
                                + " WHERE s.location_id = l.location_id AND s.sku = l.sku AND w.sku = l.sku"
                                + " RETURNING s.sku),"
                                + " done AS (UPDATE reservation r SET status = 'FULFILLED', updated_at = clock_timestamp()"
                                + " FROM target t WHERE r.id = t.id RETURNING r.id),"
                                + " journal AS (INSERT INTO stock_movement (location_id, sku, kind, on_hand_delta,"
                                + " reserved_delta, reference, actor)"
                                + " SELECT w.location_id, w.sku, 'FULFILLED', -least(l.on_hand, w.quantity), -w.quantity,"
                                + " w.reference, ?2 FROM wanted w JOIN locked l ON l.sku = w.sku)"
                                + " SELECT count(*) FROM done",
                        Long.class)
                .setParameter(1, reference)
                .setParameter(2, actor)
                .getSingleResult()
                .map(done -> done > 0);
    }

    /**
     * Units that left with the customer although the order had no live hold here (it was given
     * back by mistake, or expired before the order was confirmed): on hand goes down by what is
     * there, recorded as a FULFILLED hold so the reference fulfils once, and journaled with reason
     * NO_LIVE_HOLD. Emits whether anything was recorded (false: the reference was fulfilled already).
     */
    public Uni<Boolean> fulfilUnheld(
            Mutiny.Session session, String reference, String locationId, List<StockLine> lines, String actor) {
        return session.createNativeQuery(
                        "WITH p AS (SELECT CAST(?1 AS text) AS reference, CAST(?2 AS text) AS location_id,"
                                + " CAST(CAST(?3 AS text) AS jsonb) AS lines, CAST(?4 AS text) AS actor),"
                                + " wanted AS (SELECT w.sku, w.quantity FROM p,"
                                + " jsonb_to_recordset(p.lines) AS w(sku text, quantity integer)),"
                                + " claimed AS (INSERT INTO reservation (id, location_id, reference, owner, status, lines,"
                                + " expires_at) SELECT gen_random_uuid(), p.location_id, p.reference, p.actor, 'FULFILLED',"
                                + " p.lines, clock_timestamp() FROM p"
                                + " WHERE EXISTS (SELECT 1 FROM location l WHERE l.id = p.location_id)"
                                + " ON CONFLICT (reference) WHERE status IN ('HELD', 'COMMITTED', 'FULFILLED')"
                                + " DO NOTHING RETURNING id),"
                                + " locked AS (SELECT s.sku, s.on_hand FROM stock s WHERE s.location_id = CAST(?2 AS text)"
                                + " AND s.sku = ANY (string_to_array(CAST(?5 AS text), ','))"
                                + " AND EXISTS (SELECT 1 FROM claimed) ORDER BY s.sku FOR UPDATE OF s),"
                                + " gone AS (UPDATE stock s SET on_hand = s.on_hand - least(l.on_hand, w.quantity)"
                                + " FROM wanted w, locked l WHERE s.location_id = CAST(?2 AS text) AND s.sku = l.sku"
                                + " AND w.sku = l.sku RETURNING s.sku),"
                                + " journal AS (INSERT INTO stock_movement (location_id, sku, kind, on_hand_delta, reason,"
                                + " reference, actor) SELECT p.location_id, w.sku, 'FULFILLED', -least(l.on_hand, w.quantity),"
                                + " 'NO_LIVE_HOLD', p.reference, p.actor FROM p, wanted w JOIN locked l ON l.sku = w.sku)"
                                + " SELECT count(*) FROM claimed",
                        Long.class)
                .setParameter(1, reference)
                .setParameter(2, locationId)
                .setParameter(3, json.write(lines))
                .setParameter(4, actor)
                .setParameter(
                        5, String.join(",", lines.stream().map(StockLine::sku).toList()))
                .getSingleResult()
                .map(claimed -> claimed > 0);
    }

    /** What a counter sale found: taken, already recorded for its reference, or refused. */
    public record Sale(
            boolean recorded,
            boolean replay,
            boolean locationExists,
            List<String> unknownSkus,
            List<Reservations.Short> shortLines) {}

    /**
     * Takes the lines of a counter sale from on hand, never into what is held for pickups, all or
     * nothing; the reference (the order id) takes stock only once. The caller rolls back when the
     * sale is refused.
     */
    public Uni<Sale> sell(
            Mutiny.Session session, String reference, String locationId, List<StockLine> lines, String actor) {
        return session.createNativeQuery(
                        "WITH p AS (SELECT CAST(?1 AS text) AS reference, CAST(?2 AS text) AS location_id,"
                                + " CAST(CAST(?3 AS text) AS jsonb) AS lines, CAST(?4 AS text) AS actor),"
                                + " wanted AS (SELECT w.sku, w.quantity FROM p,"
                                + " jsonb_to_recordset(p.lines) AS w(sku text, quantity integer)),"
                                + " known AS (SELECT EXISTS (SELECT 1 FROM location l WHERE l.id = CAST(?2 AS text)) AS ok),"
                                + " claimed AS (INSERT INTO counter_sale (reference, location_id, lines, actor)"
                                + " SELECT p.reference, p.location_id, p.lines, p.actor FROM p, known WHERE known.ok"
                                + " ON CONFLICT (reference) DO NOTHING RETURNING reference),"
                                + " locked AS (SELECT s.sku, s.on_hand, s.reserved FROM stock s"
                                + " WHERE s.location_id = CAST(?2 AS text)"
                                + " AND s.sku = ANY (string_to_array(CAST(?5 AS text), ','))"
                                + " AND EXISTS (SELECT 1 FROM claimed) ORDER BY s.sku FOR UPDATE OF s),"
                                + " taken AS (UPDATE stock s SET on_hand = s.on_hand - w.quantity FROM wanted w, locked l"
                                + " WHERE s.location_id = CAST(?2 AS text) AND s.sku = l.sku AND w.sku = l.sku"
                                + " AND l.on_hand - l.reserved >= w.quantity RETURNING s.sku, w.quantity),"
                                + " journal AS (INSERT INTO stock_movement (location_id, sku, kind, on_hand_delta,"
                                + " reference, actor) SELECT p.location_id, t.sku, 'SALE', -t.quantity, p.reference,"
                                + " p.actor FROM taken t, p)"
                                + " SELECT (SELECT count(*) FROM claimed) AS claimed, (SELECT count(*) FROM taken) AS taken,"
                                + " (SELECT count(*) FROM wanted) AS wanted, (SELECT ok FROM known) AS location_exists,"
                                // Why lines were not taken, worked out only when some were not (as in
                                // Reservations#hold: unknown SKUs cost a hash of the whole item table).
                                + " CASE WHEN (SELECT count(*) FROM taken) < (SELECT count(*) FROM wanted) THEN"
                                + " (SELECT string_agg(w.sku, ',' ORDER BY w.sku) FROM wanted w"
                                + " WHERE (SELECT true FROM item i WHERE i.sku = w.sku) IS NULL) END AS unknown_skus,"
                                + " CASE WHEN (SELECT count(*) FROM taken) < (SELECT count(*) FROM wanted) THEN"
                                + " (SELECT string_agg(w.sku || ':' || w.quantity || ':'"
                                + " || greatest(coalesce(l.on_hand - l.reserved, 0), 0), ',' ORDER BY w.sku)"
                                + " FROM wanted w LEFT JOIN locked l ON l.sku = w.sku"
                                + " WHERE w.sku NOT IN (SELECT sku FROM taken)) END AS short_lines",
                        Tuple.class)
                .setParameter(1, reference)
                .setParameter(2, locationId)
                .setParameter(3, json.write(lines))
                .setParameter(4, actor)
                .setParameter(
                        5, String.join(",", lines.stream().map(StockLine::sku).toList()))
                .getSingleResult()
                .map(Columns.of(Taking.class))
                .map(found -> new Sale(
                        found.claimed() == 1 && found.taken() == found.wanted(),
                        found.locationExists() && found.claimed() == 0,
                        found.locationExists(),
                        found.unknownSkus(),
                        found.claimed() == 1 ? Reservations.shortLines(found.shortLines()) : List.of()));
    }

    /** What the sale statement found: how many lines were wanted and taken, and what was missing. */
    private record Taking(
            long claimed,
            long taken,
            long wanted,
            boolean locationExists,
            List<String> unknownSkus,
            List<String> shortLines) {}

    /** The lines of an earlier counter sale, by its reference. */
    public Uni<Optional<List<StockLine>>> sale(Mutiny.Session session, String reference) {
        return session.createNativeQuery(
                        "SELECT CAST(lines AS text) FROM counter_sale WHERE reference = ?1", String.class)
                .setParameter(1, reference)
                .getResultList()
                .map(rows -> rows.stream().findFirst().map(json::read));
    }

    /**
     * Puts a returned line back at the receiving location, once per return line: resellable
     * units to on hand, damaged ones to the damaged quantity. Emits the new on hand, or empty
     * when this line was already restocked.
     */
    public Uni<Optional<Integer>> restock(
            Mutiny.Session session, String returnId, String locationId, ReturnLine line, String actor) {
        return session.createNativeQuery(
                        "WITH p AS (SELECT CAST(?1 AS text) AS return_id, CAST(?2 AS text) AS order_line_id,"
                                + " CAST(?3 AS text) AS location_id, CAST(?4 AS text) AS sku,"
                                + " CAST(?5 AS integer) AS quantity, CAST(?6 AS text) AS condition,"
                                + " CAST(?7 AS text) AS actor),"
                                + " claimed AS (INSERT INTO restock (return_id, order_line_id, location_id, sku, quantity,"
                                + " condition) SELECT return_id, order_line_id, location_id, sku, quantity, condition"
                                + " FROM p ON CONFLICT DO NOTHING RETURNING *),"
                                + " level AS (INSERT INTO stock AS s (location_id, sku, on_hand, damaged)"
                                + " SELECT c.location_id, c.sku,"
                                + " CASE WHEN c.condition = 'RESELLABLE' THEN c.quantity ELSE 0 END,"
                                + " CASE WHEN c.condition = 'DAMAGED' THEN c.quantity ELSE 0 END FROM claimed c"
                                + " ON CONFLICT (location_id, sku) DO UPDATE SET on_hand = s.on_hand + EXCLUDED.on_hand,"
                                + " damaged = s.damaged + EXCLUDED.damaged RETURNING s.on_hand),"
                                + " journal AS (INSERT INTO stock_movement (location_id, sku, kind, on_hand_delta,"
                                + " damaged_delta, reason, reference, actor)"
                                + " SELECT c.location_id, c.sku, 'RESTOCK',"
                                + " CASE WHEN c.condition = 'RESELLABLE' THEN c.quantity ELSE 0 END,"
                                + " CASE WHEN c.condition = 'DAMAGED' THEN c.quantity ELSE 0 END, c.condition,"
                                + " c.return_id || '/' || c.order_line_id, p.actor FROM claimed c, p)"
                                + " SELECT on_hand FROM level",
                        Integer.class)
                .setParameter(1, returnId)
                .setParameter(2, line.orderLineId())
                .setParameter(3, locationId)
                .setParameter(4, line.sku())
                .setParameter(5, line.quantity())
                .setParameter(6, line.condition().name())
                .setParameter(7, actor)
                .getResultList()
                .map(rows -> rows.stream().findFirst());
    }
}
