package com.unifiedcommerce.returns.api;

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

/** Returns checked from scratch: refunds against what each tender paid, units against the returns. */
@Path("/api/returns/invariants")
public class InvariantsResource {

    private static final String REFUNDED = "SELECT r.order_id, f->>'tender' AS type, f->>'reference' AS reference,"
            + " sum(CAST(f->'amount'->>'amount' AS bigint)) AS amount"
            + " FROM return_record r, jsonb_array_elements(r.refunds) f GROUP BY 1, 2, 3";

    private static final String PAID = "SELECT p.order_id, t->>'tender' AS type, t->>'reference' AS reference,"
            + " sum(CAST(t->'amount'->>'amount' AS bigint)) AS amount"
            + " FROM (SELECT DISTINCT ON (order_id) order_id, order_tenders FROM return_record"
            + " WHERE order_tenders IS NOT NULL ORDER BY order_id, created_at DESC) p,"
            + " jsonb_array_elements(p.order_tenders) t GROUP BY 1, 2, 3";

    static final List<Invariant> INVARIANTS = List.of(
            new Invariant(
                    "refunds-at-most-paid",
                    "no tender of an order gets back more than it paid, over all the order's returns",
                    "SELECT f.order_id || ' ' || f.type || ' ' || coalesce(f.reference, '') || ': refunded '"
                            + " || f.amount || ' of ' || p.amount FROM (" + REFUNDED + ") f JOIN (" + PAID + ") p"
                            + " ON p.order_id = f.order_id AND p.type = f.type"
                            + " AND p.reference IS NOT DISTINCT FROM f.reference WHERE f.amount > p.amount"),
            new Invariant(
                    "refunds-and-credit-are-the-return",
                    "a return's refunds plus the credit an exchange took are the money it is worth",
                    "SELECT r.id || ': worth ' || r.money || ', refunds ' || coalesce((SELECT"
                            + " sum(CAST(f->'amount'->>'amount' AS bigint)) FROM jsonb_array_elements(r.refunds) f), 0)"
                            + " || ' + credit ' || r.exchange_credit FROM return_record r"
                            + " WHERE coalesce((SELECT sum(CAST(f->'amount'->>'amount' AS bigint))"
                            + " FROM jsonb_array_elements(r.refunds) f), 0) + r.exchange_credit <> r.money"),
            new Invariant(
                    "units-counted-are-the-returns",
                    "the units counted back per order line are the units of its returns",
                    "SELECT coalesce(u.order_id, s.order_id) || '/' || coalesce(u.line_id, s.line_id) || ': counted '"
                            + " || coalesce(u.returned, 0) || ', returns ' || coalesce(s.units, 0)"
                            + " FROM returned_units u FULL JOIN (SELECT r.order_id, l->>'orderLineId' AS line_id,"
                            + " sum(CAST(l->>'quantity' AS integer)) AS units FROM return_record r,"
                            + " jsonb_array_elements(r.lines) l GROUP BY 1, 2) s"
                            + " ON s.order_id = u.order_id AND s.line_id = u.line_id"
                            + " WHERE coalesce(u.returned, 0) <> coalesce(s.units, 0)"),
            new Invariant(
                    "card-refunds-are-settled-as-planned",
                    "each return's refunds to a card, a gift card or store credit are what its settlement waits for or settled",
                    "SELECT coalesce(f.id, s.return_id) || ' ' || coalesce(f.type, s.tender) || ': planned '"
                            + " || coalesce(f.amount, 0) || ', settling ' || coalesce(s.amount, 0)"
                            + " FROM (SELECT r.id, f->>'tender' AS type, sum(CAST(f->'amount'->>'amount' AS bigint))"
                            + " AS amount FROM return_record r, jsonb_array_elements(r.refunds) f"
                            + " WHERE f->>'tender' IN ('CARD', 'GIFT_CARD', 'STORE_CREDIT') GROUP BY 1, 2"
                            + " HAVING sum(CAST(f->'amount'->>'amount' AS bigint)) > 0) f"
                            + " FULL JOIN refund_settlement s ON s.return_id = f.id AND s.tender = f.type"
                            + " WHERE coalesce(f.amount, 0) <> coalesce(s.amount, 0)"));

    @Inject
    InvariantCheck check;

    @GET
    @RolesAllowed(Caller.ADMIN)
    public Uni<InvariantReport> check() {
        return check.run("returns", INVARIANTS);
    }
}
