package com.unifiedcommerce.loyalty.api;

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

/** The ledger checked from scratch, for reconciliation, the back office and monitoring. */
@Path("/api/loyalty/invariants")
public class LedgerResource {

    private static final String MOVED = "SELECT a.id, coalesce(c.points, 0) - coalesce(d.points, 0) AS moved"
            + " FROM account a"
            + " LEFT JOIN (SELECT credit, sum(points) AS points FROM transfer GROUP BY credit) c ON c.credit = a.id"
            + " LEFT JOIN (SELECT debit, sum(points) AS points FROM transfer GROUP BY debit) d ON d.debit = a.id";

    static final List<Invariant> INVARIANTS = List.of(
            new Invariant(
                    "balances-sum-to-zero",
                    "every point is on two accounts at once, credited on one and debited on the other",
                    "SELECT 'all balances sum to ' || sum(balance) FROM account HAVING sum(balance) <> 0"),
            new Invariant(
                    "balance-is-its-transfers",
                    "each account's balance equals what its transfers moved",
                    "SELECT a.id || ': balance ' || a.balance || ', transfers ' || m.moved FROM account a" + " JOIN ("
                            + MOVED + ") m ON m.id = a.id WHERE a.balance <> m.moved"),
            new Invariant(
                    "held-is-the-waiting-holds",
                    "each customer's held points are the points of their holds still waiting",
                    "SELECT a.id || ': held ' || a.held || ', waiting holds ' || coalesce(h.points, 0) FROM account a"
                            + " LEFT JOIN (SELECT customer_id, sum(points) AS points FROM point_hold"
                            + " WHERE status = 'HELD' GROUP BY customer_id) h ON a.customer_id = h.customer_id"
                            + " WHERE a.kind = 'CUSTOMER' AND a.held <> coalesce(h.points, 0)"),
            new Invariant(
                    "one-earn-per-order-line",
                    "each order line earned once, what it recorded (no earn where it earned nothing)",
                    "SELECT lp.order_id || '/' || lp.line_id || ': earned ' || lp.earned || ', transfer '"
                            + " || coalesce(t.points, 0) FROM line_points lp LEFT JOIN transfer t"
                            + " ON t.source = 'order:' || lp.order_id || ':line:' || lp.line_id || ':EARN'"
                            + " WHERE lp.earned <> coalesce(t.points, 0)"),
            new Invariant(
                    "one-reversal-per-returned-line",
                    "each return moved each line's points once, as recorded, and no line came back more than sold",
                    "SELECT r.return_id || '/' || r.line_id || ': ' || r.taken_back || ' taken back, ' || r.given_back"
                            + " || ' given back; transfers ' || coalesce(tb.points, 0) || ', ' || coalesce(gb.points, 0)"
                            + " FROM line_return r"
                            + " LEFT JOIN transfer tb ON tb.source = 'return:' || r.return_id || ':line:' || r.line_id || ':REVERSE'"
                            + " LEFT JOIN transfer gb ON gb.source = 'return:' || r.return_id || ':line:' || r.line_id || ':REFUND'"
                            + " WHERE r.taken_back <> coalesce(tb.points, 0) OR r.given_back <> coalesce(gb.points, 0)"
                            + " UNION ALL SELECT lp.order_id || '/' || lp.line_id || ': returned ' || lp.returned"
                            + " || ' of ' || lp.quantity || ', returns ' || coalesce(s.units, 0) FROM line_points lp"
                            + " LEFT JOIN (SELECT order_id, line_id, sum(quantity) AS units FROM line_return"
                            + " GROUP BY order_id, line_id) s ON s.order_id = lp.order_id AND s.line_id = lp.line_id"
                            + " WHERE lp.returned <> coalesce(s.units, 0) OR lp.returned > lp.quantity"),
            new Invariant(
                    "no-return-waits-long",
                    "a return that arrived before its order's pickup or delivery does not wait for it an hour",
                    "SELECT return_id || ' of order ' || order_id || ' waits since ' || waiting_since"
                            + " FROM waiting_return WHERE waiting_since < clock_timestamp() - interval '1 hour'"),
            new Invariant(
                    "no-return-waits-for-an-earn-that-happened",
                    "a return parked for its order's earn is applied by that earn (the two take the order's lock)",
                    "SELECT w.return_id || ' of order ' || w.order_id || ' waits since ' || w.waiting_since"
                            + " || ' though the order earned' FROM waiting_return w"
                            + " WHERE w.waiting_since < clock_timestamp() - interval '1 minute'"
                            + " AND EXISTS (SELECT 1 FROM line_points lp WHERE lp.order_id = w.order_id)"));

    @Inject
    InvariantCheck check;

    @GET
    @RolesAllowed(Caller.ADMIN)
    public Uni<InvariantReport> check() {
        return check.run("loyalty", INVARIANTS);
    }
}
