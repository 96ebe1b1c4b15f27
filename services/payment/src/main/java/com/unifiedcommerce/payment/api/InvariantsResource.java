package com.unifiedcommerce.payment.api;

import java.util.ArrayList;
import java.util.List;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;

import com.unifiedcommerce.payment.app.ProviderReconciliation;
import com.unifiedcommerce.platform.invariants.Invariant;
import com.unifiedcommerce.platform.invariants.InvariantCheck;
import com.unifiedcommerce.platform.invariants.InvariantReport;
import com.unifiedcommerce.platform.security.Caller;
import io.smallrye.mutiny.Uni;

/**
 * The payments checked from scratch: each payment's amounts against its journal and its open
 * operations, and then against the provider's own record of each authorisation (what
 * {@code scripts/reconcile.sh} runs, nightly or on demand). Admin only; nothing is changed.
 */
@Path("/api/payments/invariants")
public class InvariantsResource {

    private static final String JOURNALLED = "SELECT payment_id,"
            + " sum(amount) FILTER (WHERE kind = 'CAPTURED') AS captured,"
            + " sum(amount) FILTER (WHERE kind = 'REFUNDED') AS refunded FROM payment_entry GROUP BY payment_id";

    private static final String OPEN = "SELECT payment_id,"
            + " sum(amount) FILTER (WHERE kind = 'CAPTURE' AND status = 'REQUESTED') AS capturing,"
            + " sum(amount) FILTER (WHERE kind = 'REFUND' AND status IN ('REQUESTED', 'PENDING')) AS refunding"
            + " FROM card_operation GROUP BY payment_id";

    static final List<Invariant> INVARIANTS = List.of(
            new Invariant(
                    "amounts-are-the-journal",
                    "what a payment has captured and refunded is the sum of its journal's CAPTURED and REFUNDED entries",
                    "SELECT p.order_id || ': captured ' || p.captured || ' (journal ' || coalesce(j.captured, 0)"
                            + " || '), refunded ' || p.refunded || ' (journal ' || coalesce(j.refunded, 0) || ')'"
                            + " FROM card_payment p LEFT JOIN (" + JOURNALLED + ") j ON j.payment_id = p.id"
                            + " WHERE p.captured <> coalesce(j.captured, 0) OR p.refunded <> coalesce(j.refunded, 0)"),
            new Invariant(
                    "in-flight-is-the-open-operations",
                    "what is being captured or refunded is the sum of the captures and refunds not yet answered",
                    "SELECT p.order_id || ': capturing ' || p.capturing || ' (open ' || coalesce(o.capturing, 0)"
                            + " || '), refunding ' || p.refunding || ' (open ' || coalesce(o.refunding, 0) || ')'"
                            + " FROM card_payment p LEFT JOIN (" + OPEN + ") o ON o.payment_id = p.id"
                            + " WHERE p.capturing <> coalesce(o.capturing, 0) OR p.refunding <> coalesce(o.refunding, 0)"),
            new Invariant(
                    "one-live-authorisation",
                    "an order has at most one authorisation that was not voided",
                    "SELECT p.order_id || ': ' || count(*) FILTER (WHERE e.kind = 'AUTHORISED') || ' authorised, '"
                            + " || count(*) FILTER (WHERE e.kind = 'VOIDED') || ' voided' FROM payment_entry e"
                            + " JOIN card_payment p ON p.id = e.payment_id GROUP BY p.order_id"
                            + " HAVING count(*) FILTER (WHERE e.kind = 'AUTHORISED')"
                            + " > count(*) FILTER (WHERE e.kind = 'VOIDED') + 1"),
            new Invariant(
                    "voided-captured-nothing",
                    "a voided payment captured nothing",
                    "SELECT order_id || ': voided with ' || captured || ' captured' FROM card_payment"
                            + " WHERE status = 'VOIDED' AND captured + capturing > 0"),
            new Invariant(
                    "gift-balances-are-their-transfers",
                    "each gift card account's balance is its credits less its debits",
                    "SELECT a.id || ': balance ' || a.balance || ', transfers ' || coalesce(t.net, 0)"
                            + " FROM gift_account a LEFT JOIN (SELECT id, sum(amount) AS net FROM"
                            + " (SELECT credit AS id, amount FROM gift_transfer"
                            + " UNION ALL SELECT debit, -amount FROM gift_transfer) m GROUP BY id) t ON t.id = a.id"
                            + " WHERE a.balance <> coalesce(t.net, 0)"),
            new Invariant(
                    "gift-ledger-sums-to-zero",
                    "the gift card accounts of each currency sum to zero (double entry)",
                    "SELECT currency || ': ' || sum(balance) FROM gift_account GROUP BY currency"
                            + " HAVING sum(balance) <> 0"),
            new Invariant(
                    "gift-held-is-the-holds",
                    "what a gift card holds is the sum of its orders' holds still held",
                    "SELECT a.id || ': held ' || a.held || ', holds ' || coalesce(h.held, 0) FROM gift_account a"
                            + " LEFT JOIN (SELECT account, sum(amount) AS held FROM gift_hold WHERE status = 'HELD'"
                            + " GROUP BY account) h ON h.account = a.id WHERE a.held <> coalesce(h.held, 0)"),
            new Invariant(
                    "gift-redeemed-once-per-hold",
                    "each redeemed hold was redeemed by exactly one transfer of its amount",
                    "SELECT h.order_id || ' ' || h.account || ': hold ' || h.amount || ', redeemed '"
                            + " || coalesce(t.amount, 0) FROM gift_hold h LEFT JOIN gift_transfer t"
                            + " ON t.cause = 'redeem:' || h.order_id || ':' || h.account"
                            + " WHERE (h.status = 'CAPTURED') <> (t.id IS NOT NULL)"
                            + " OR (t.id IS NOT NULL AND t.amount <> h.amount)"));

    @Inject
    InvariantCheck check;

    @Inject
    ProviderReconciliation provider;

    @GET
    @RolesAllowed(Caller.ADMIN)
    public Uni<InvariantReport> check() {
        return check.run("payment", INVARIANTS)
                .chain(own -> provider.compare().map(theirs -> {
                    List<InvariantReport.Result> results = new ArrayList<>(own.checks());
                    results.add(theirs);
                    return InvariantReport.of("payment", results);
                }));
    }
}
