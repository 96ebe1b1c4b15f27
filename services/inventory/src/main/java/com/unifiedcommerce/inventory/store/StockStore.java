package com.unifiedcommerce.inventory.store;

import java.util.Optional;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.Tuple;

import com.unifiedcommerce.inventory.domain.AdjustmentReason;
import com.unifiedcommerce.inventory.domain.StockLevel;
import com.unifiedcommerce.platform.store.Columns;
import io.smallrye.mutiny.Uni;
import org.hibernate.reactive.mutiny.Mutiny;

/** Stock levels and the journal of every movement, changed only by single guarded statements. */
@ApplicationScoped
public class StockStore {

    private static final String LEVEL_COLUMNS = "location_id, sku, on_hand, reserved, safety_stock, damaged";

    /** What is known of one SKU at one location: whether each exists, and the level (zeros when none). */
    public record Lookup(boolean locationExists, boolean itemExists, StockLevel level) {}

    public Uni<Lookup> lookup(Mutiny.Session session, String locationId, String sku) {
        return session.createNativeQuery("""
                        SELECT l.id IS NOT NULL AS location_exists, i.sku IS NOT NULL AS item_exists,
                               p.location_id, p.sku, coalesce(s.on_hand, 0) AS on_hand,
                               coalesce(s.reserved, 0) AS reserved, coalesce(s.safety_stock, 0) AS safety_stock,
                               coalesce(s.damaged, 0) AS damaged
                        FROM (SELECT CAST(?1 AS text) AS location_id, CAST(?2 AS text) AS sku) p
                        LEFT JOIN location l ON l.id = p.location_id LEFT JOIN item i ON i.sku = p.sku
                        LEFT JOIN stock s ON s.location_id = p.location_id AND s.sku = p.sku
                        """, Tuple.class)
                .setParameter(1, locationId)
                .setParameter(2, sku)
                .getSingleResult()
                .map(row -> new Lookup(
                        row.get("location_exists", Boolean.class),
                        row.get("item_exists", Boolean.class),
                        Columns.of(StockLevel.class).apply(row)));
    }

    /**
     * Applies a manager's adjustment and journals it, in one statement: the stock row is created
     * on the first receipt, and the change is refused (empty) when it would take on hand below
     * zero. The location and the SKU must exist.
     */
    public Uni<Optional<StockLevel>> adjust(
            Mutiny.Session session,
            String locationId,
            String sku,
            int delta,
            AdjustmentReason reason,
            String reference,
            String actor) {
        int damaged = reason.damagedDelta(delta);
        return session.createNativeQuery(
                        "WITH p AS (SELECT CAST(?1 AS text) AS location_id, CAST(?2 AS text) AS sku,"
                                + " CAST(?3 AS integer) AS delta, CAST(?4 AS integer) AS damaged,"
                                + " CAST(?5 AS text) AS reason, CAST(?6 AS text) AS reference,"
                                + " CAST(?7 AS text) AS actor),"
                                // A receipt or upward count: creates the row on the first one.
                                + " added AS (INSERT INTO stock AS s (location_id, sku, on_hand, damaged)"
                                + " SELECT location_id, sku, delta, damaged FROM p WHERE delta > 0"
                                + " ON CONFLICT (location_id, sku) DO UPDATE"
                                + " SET on_hand = s.on_hand + EXCLUDED.on_hand, damaged = s.damaged + EXCLUDED.damaged"
                                + " RETURNING s.*),"
                                // Anything that takes away: only while on hand stays at zero or above.
                                + " taken AS (UPDATE stock AS s SET on_hand = s.on_hand + p.delta,"
                                + " damaged = s.damaged + p.damaged FROM p"
                                + " WHERE p.delta < 0 AND s.location_id = p.location_id AND s.sku = p.sku"
                                + " AND s.on_hand + p.delta >= 0 RETURNING s.*),"
                                + " level AS (SELECT * FROM added UNION ALL SELECT * FROM taken),"
                                + " journal AS (INSERT INTO stock_movement (location_id, sku, kind, on_hand_delta,"
                                + " damaged_delta, reason, reference, actor)"
                                + " SELECT p.location_id, p.sku, 'ADJUSTMENT', p.delta, p.damaged, p.reason, p.reference,"
                                + " p.actor FROM p WHERE EXISTS (SELECT 1 FROM level))"
                                + " SELECT " + LEVEL_COLUMNS + " FROM level",
                        Tuple.class)
                .setParameter(1, locationId)
                .setParameter(2, sku)
                .setParameter(3, delta)
                .setParameter(4, damaged)
                .setParameter(5, reason.name())
                .setParameter(6, reference)
                .setParameter(7, actor)
                .getResultList()
                .map(rows -> rows.stream().findFirst().map(Columns.of(StockLevel.class)));
    }
}
