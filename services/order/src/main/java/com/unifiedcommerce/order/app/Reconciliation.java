package com.unifiedcommerce.order.app;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.unifiedcommerce.order.client.InventoryApi;
import com.unifiedcommerce.order.client.Services;
import com.unifiedcommerce.order.domain.MoneyCheck;
import com.unifiedcommerce.order.domain.Order;
import com.unifiedcommerce.order.store.Orders;
import com.unifiedcommerce.platform.invariants.Invariant;
import com.unifiedcommerce.platform.invariants.InvariantCheck;
import com.unifiedcommerce.platform.invariants.InvariantReport;
import com.unifiedcommerce.platform.problem.ProblemException;
import com.unifiedcommerce.platform.problem.ProblemType;
import io.smallrye.mutiny.Uni;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * The order ledger checked from scratch (its own rules, in SQL) and against inventory: every
 * PLACED or READY_FOR_PICKUP order has its stock held (a live hold for the order, at its location,
 * with its lines), and every committed hold belongs to an order that is placed or being placed.
 * Held holds are not checked: they expire on their own. What changed in the last {@code settling}
 * is left out, since a checkout in flight is between the two ledgers for a moment; run it again.
 */
@ApplicationScoped
public class Reconciliation {

    private static final int PAGE = 1_000;

    static final List<Invariant> LEDGER = List.of(
            new Invariant(
                    "returned-at-most-sold",
                    "no line has more units returned than were sold, nor fewer than none",
                    "SELECT o.id || '/' || l.\"lineId\" || ': returned ' || l.returned || ' of ' || l.quantity"
                            + " FROM customer_order o,"
                            + " jsonb_to_recordset(o.lines) AS l(\"lineId\" text, quantity integer, returned integer)"
                            + " WHERE l.returned > l.quantity OR l.returned < 0"),
            new Invariant(
                    "returned-orders-are-all-back",
                    "a RETURNED order has every unit back",
                    "SELECT o.id FROM customer_order o WHERE o.status = 'RETURNED' AND EXISTS (SELECT 1"
                            + " FROM jsonb_to_recordset(o.lines) AS l(quantity integer, returned integer)"
                            + " WHERE l.returned < l.quantity)"),
            new Invariant(
                    "tenders-cover-the-total",
                    "what an order's tenders paid plus its points' value is its total",
                    "SELECT o.id || ': total ' || o.total || ', paid ' || (SELECT coalesce(sum(CAST(t->>'amount' AS"
                            + " bigint)), 0) FROM jsonb_array_elements(o.tenders) t) || ' + points ' || o.points_value"
                            + " FROM customer_order o WHERE o.status NOT IN ('PENDING', 'COMPENSATING', 'REJECTED')"
                            + " AND (SELECT coalesce(sum(CAST(t->>'amount' AS bigint)), 0)"
                            + " FROM jsonb_array_elements(o.tenders) t) + o.points_value <> o.total"),
            new Invariant(
                    "no-checkout-left-unsettled",
                    "no checkout stays PENDING or COMPENSATING for long (the sweep settles them)",
                    "SELECT id || ': ' || status || ' since ' || updated_at FROM customer_order"
                            + " WHERE status IN ('PENDING', 'COMPENSATING')"
                            + " AND updated_at < clock_timestamp() - interval '10 minutes'"));

    @Inject
    InvariantCheck check;

    @Inject
    Mutiny.SessionFactory sessions;

    @Inject
    Orders orders;

    @Inject
    Services services;

    @ConfigProperty(name = "order.reconciliation.settling", defaultValue = "PT10S")
    Duration settling;

    public Uni<InvariantReport> run() {
        return check.run("order", LEDGER)
                .chain(ledger -> stockHeld()
                        .chain(stock -> money().map(money -> {
                            List<InvariantReport.Result> checks = new ArrayList<>(ledger.checks());
                            checks.addAll(stock);
                            checks.addAll(money);
                            return InvariantReport.of("order", checks);
                        })));
    }

    /**
     * Per order paid with a card or gift cards: what the payment service took is what the ledger
     * says was paid with them (once handed over), and what it gave back is what the returns had
     * refunded and confirmed ({@link MoneyCheck}). Orders changed in the last {@code settling} are
     * left out. Money the payment service moved for an order the ledger does not hold is not
     * reported here (its own provider reconciliation covers money moved outside our books).
     */
    private Uni<List<InvariantReport.Result>> money() {
        Instant cutoff = Instant.now().minus(settling);
        return movedFrom("", new HashMap<>())
                .chain(moved -> refundedFrom("", new HashMap<>())
                        .chain(refunded -> paidByCardFrom("", new ArrayList<>()).map(orders -> {
                            List<Order> settled = orders.stream()
                                    .filter(order -> order.updatedAt() == null
                                            || order.updatedAt().isBefore(cutoff))
                                    .toList();
                            Map<String, MoneyCheck.Moved> ours = new HashMap<>();
                            Map<String, MoneyCheck.Refunded> returned = new HashMap<>();
                            settled.forEach(order -> {
                                ours.put(order.id(), moved.getOrDefault(order.id(), MoneyCheck.Moved.NOTHING));
                                returned.put(
                                        order.id(), refunded.getOrDefault(order.id(), MoneyCheck.Refunded.NOTHING));
                            });
                            return List.of(
                                    result(
                                            "card-and-gift-money-taken-as-paid",
                                            "a handed-over order's card was captured and its gift cards redeemed for"
                                                    + " what it was paid with them, other orders had nothing taken (payment)",
                                            MoneyCheck.taken(settled, moved)),
                                    result(
                                            "card-and-gift-money-given-back-as-refunded",
                                            "what went back to an order's card and gift cards is what its returns"
                                                    + " refunded and the provider confirmed (payment, returns)",
                                            MoneyCheck.givenBack(ours, returned)));
                        })));
    }

    private Uni<List<Order>> paidByCardFrom(String after, List<Order> found) {
        return sessions.withSession(session -> orders.paidByCard(session, after, PAGE))
                .chain(page -> {
                    found.addAll(page);
                    return page.size() < PAGE
                            ? Uni.createFrom().item(found)
                            : paidByCardFrom(page.getLast().id(), found);
                });
    }

    private Uni<Map<String, MoneyCheck.Moved>> movedFrom(String after, Map<String, MoneyCheck.Moved> found) {
        return services.paymentMoney(after, PAGE)
                .onFailure()
                .transform(failure -> new ProblemException(
                        ProblemType.UNAVAILABLE,
                        "The payment service's money could not be read; reconcile again shortly"))
                .chain(page -> {
                    page.items()
                            .forEach(money -> found.put(
                                    money.orderId(),
                                    new MoneyCheck.Moved(
                                            money.cardCaptured(),
                                            money.cardRefunded(),
                                            money.giftRedeemed(),
                                            money.giftRefunded())));
                    return page.next() == null ? Uni.createFrom().item(found) : movedFrom(page.next(), found);
                });
    }

    private Uni<Map<String, MoneyCheck.Refunded>> refundedFrom(String after, Map<String, MoneyCheck.Refunded> found) {
        return services.confirmedRefunds(after, PAGE)
                .onFailure()
                .transform(failure -> new ProblemException(
                        ProblemType.UNAVAILABLE, "The returns' refunds could not be read; reconcile again shortly"))
                .chain(page -> {
                    page.items()
                            .forEach(refund -> found.put(
                                    refund.orderId(), new MoneyCheck.Refunded(refund.card(), refund.giftCards())));
                    return page.next() == null ? Uni.createFrom().item(found) : refundedFrom(page.next(), found);
                });
    }

    /** Orders that hold or may hold stock, and inventory's open holds, compared both ways. */
    private Uni<List<InvariantReport.Result>> stockHeld() {
        Instant cutoff = Instant.now().minus(settling);
        return ordersFrom("", new HashMap<>())
                .chain(live -> holdsFrom("", new HashMap<>()).map(holds -> {
                    List<String> unheld = new ArrayList<>();
                    live.values().stream()
                            .filter(order -> order.status().holdsStock())
                            .filter(order -> order.updatedAt() == null
                                    || order.updatedAt().isBefore(cutoff))
                            .sorted(Comparator.comparing(Order::id))
                            .forEach(order -> {
                                InventoryApi.Reservation hold = holds.get(order.id());
                                if (hold == null) {
                                    unheld.add(order.id() + ": " + order.status() + " without an open hold");
                                } else if (!hold.locationId().equals(order.locationId()) || !sameLines(order, hold)) {
                                    unheld.add(
                                            order.id() + ": its hold is at " + hold.locationId() + " for other lines");
                                }
                            });
                    List<String> orphans = new ArrayList<>();
                    holds.values().stream()
                            .filter(hold -> "COMMITTED".equals(hold.status()))
                            .sorted(Comparator.comparing(InventoryApi.Reservation::reference))
                            .forEach(hold -> {
                                Order order = live.get(hold.reference());
                                if (order == null) {
                                    orphans.add(hold.reference() + ": committed hold " + hold.id()
                                            + " without a placed order");
                                }
                            });
                    return List.of(
                            result(
                                    "placed-orders-hold-their-stock",
                                    "every PLACED or READY_FOR_PICKUP order has an open hold at its location"
                                            + " with its lines (inventory)",
                                    unheld),
                            result(
                                    "committed-holds-have-an-order",
                                    "every committed hold (inventory) belongs to an order placed or being placed",
                                    orphans));
                }));
    }

    private static boolean sameLines(Order order, InventoryApi.Reservation hold) {
        Map<String, Integer> ordered = new HashMap<>();
        order.lines().forEach(line -> ordered.merge(line.sku(), line.quantity(), Integer::sum));
        Map<String, Integer> held = new HashMap<>();
        hold.lines().forEach(line -> held.merge(line.sku(), line.quantity(), Integer::sum));
        return ordered.equals(held);
    }

    private static InvariantReport.Result result(String name, String rule, List<String> violations) {
        return new InvariantReport.Result(
                name, rule, violations.size(), violations.stream().limit(10).toList());
    }

    private Uni<Map<String, Order>> ordersFrom(String after, Map<String, Order> found) {
        return sessions.withSession(session -> orders.holdingStock(session, after, PAGE))
                .chain(page -> {
                    page.forEach(order -> found.put(order.id(), order));
                    return page.size() < PAGE
                            ? Uni.createFrom().item(found)
                            : ordersFrom(page.getLast().id(), found);
                });
    }

    private Uni<Map<String, InventoryApi.Reservation>> holdsFrom(
            String after, Map<String, InventoryApi.Reservation> found) {
        return services.openHolds(after, PAGE)
                .onFailure()
                .transform(failure -> new ProblemException(
                        ProblemType.UNAVAILABLE, "Inventory's holds could not be read; reconcile again shortly"))
                .chain(page -> {
                    page.items().forEach(hold -> found.put(hold.reference(), hold));
                    return page.next() == null ? Uni.createFrom().item(found) : holdsFrom(page.next(), found);
                });
    }
}
