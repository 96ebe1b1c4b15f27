package com.unifiedcommerce.inventory.api;

import java.util.List;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;

import com.unifiedcommerce.platform.invariants.Invariant;
import com.unifiedcommerce.platform.invariants.InvariantCheck;
import com.unifiedcommerce.platform.invariants.InvariantReport;
import com.unifiedcommerce.platform.security.Caller;
import io.smallrye.mutiny.Uni;

/** Stock checked from scratch against its journal and its holds, for reconciliation and the back office. */
@Path("/api/inventory/invariants")
public class InvariantsResource {

    private static final String JOURNAL = "SELECT location_id, sku, sum(on_hand_delta) AS on_hand,"
            + " sum(reserved_delta) AS reserved, sum(damaged_delta) AS damaged FROM stock_movement"
            + " GROUP BY location_id, sku";

    static final List<Invariant> INVARIANTS = List.of(
            new Invariant(
                    "on-hand-is-its-journal",
                    "on hand equals the sum of its journal's movements",
                    "SELECT s.location_id || '/' || s.sku || ': on hand ' || s.on_hand || ', journal '"
                            + " || coalesce(j.on_hand, 0) FROM stock s LEFT JOIN (" + JOURNAL + ") j"
                            + " USING (location_id, sku) WHERE s.on_hand <> coalesce(j.on_hand, 0)"),
            new Invariant(
                    "damaged-is-its-journal",
                    "damaged units equal the sum of their journal's movements",
                    "SELECT s.location_id || '/' || s.sku || ': damaged ' || s.damaged || ', journal '"
                            + " || coalesce(j.damaged, 0) FROM stock s LEFT JOIN (" + JOURNAL + ") j"
                            + " USING (location_id, sku) WHERE s.damaged <> coalesce(j.damaged, 0)"),
            new Invariant(
                    "reserved-is-the-open-holds",
                    "reserved equals the units of the holds still open (HELD, COMMITTED) and the journal",
                    "SELECT coalesce(s.location_id, h.location_id) || '/' || coalesce(s.sku, h.sku) || ': reserved '"
                            + " || coalesce(s.reserved, 0) || ', open holds ' || coalesce(h.units, 0)"
                            + " || ', journal ' || coalesce(j.reserved, 0)"
                            + " FROM stock s FULL JOIN (SELECT r.location_id, w.sku, sum(w.quantity) AS units"
                            + " FROM reservation r, jsonb_to_recordset(r.lines) AS w(sku text, quantity integer)"
                            + " WHERE r.status IN ('HELD', 'COMMITTED') GROUP BY r.location_id, w.sku) h"
                            + " ON h.location_id = s.location_id AND h.sku = s.sku"
                            + " LEFT JOIN (" + JOURNAL + ") j ON j.location_id = s.location_id AND j.sku = s.sku"
                            + " WHERE coalesce(s.reserved, 0) <> coalesce(h.units, 0)"
                            + " OR coalesce(s.reserved, 0) <> coalesce(j.reserved, 0)"),
            new Invariant(
                    "nothing-negative",
                    "on hand, reserved, damaged and safety stock are never below zero",
                    "SELECT location_id || '/' || sku FROM stock"
                            + " WHERE on_hand < 0 OR reserved < 0 OR damaged < 0 OR safety_stock < 0"));

    @Inject
    InvariantCheck check;

    @GET
    @RolesAllowed(Caller.ADMIN)
    public Uni<InvariantReport> check() {
        return check.run("inventory", INVARIANTS);
    }
}
