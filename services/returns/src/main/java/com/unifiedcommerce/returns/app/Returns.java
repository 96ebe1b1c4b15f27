package com.unifiedcommerce.returns.app;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;

import com.unifiedcommerce.contracts.common.Channel;
import com.unifiedcommerce.contracts.common.Money;
import com.unifiedcommerce.contracts.common.TenderType;
import com.unifiedcommerce.contracts.returns.Refund;
import com.unifiedcommerce.contracts.returns.ReturnAccepted;
import com.unifiedcommerce.contracts.returns.ReturnLine;
import com.unifiedcommerce.platform.calls.Refused;
import com.unifiedcommerce.platform.idempotency.Idempotency;
import com.unifiedcommerce.platform.money.Apportion;
import com.unifiedcommerce.platform.outbox.Outbox;
import com.unifiedcommerce.platform.problem.Problem;
import com.unifiedcommerce.platform.problem.ProblemException;
import com.unifiedcommerce.platform.problem.ProblemType;
import com.unifiedcommerce.platform.security.Access;
import com.unifiedcommerce.platform.security.Caller;
import com.unifiedcommerce.returns.api.ReturnRequest;
import com.unifiedcommerce.returns.client.Calls;
import com.unifiedcommerce.returns.client.OrderApi;
import com.unifiedcommerce.returns.domain.RefundPlan;
import com.unifiedcommerce.returns.domain.RefundSettlement;
import com.unifiedcommerce.returns.domain.ReturnPolicy;
import com.unifiedcommerce.returns.domain.ReturnRule;
import com.unifiedcommerce.returns.store.ReturnStore;
import io.smallrye.mutiny.Uni;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hibernate.reactive.mutiny.Mutiny;
import org.jboss.logging.Logger;

/**
 * Quoting and accepting returns of any order from any channel. The order is read from the order
 * ledger (never from the client), the one policy decides per line, the refund plan gives back the
 * lines' share of money per original tender and of points; accepting counts the units in one
 * guarded statement per line and commits the return with ReturnAccepted.
 */
@ApplicationScoped
public class Returns {

    private static final Logger LOG = Logger.getLogger(Returns.class);

    @Inject
    Calls calls;

    @Inject
    Mutiny.SessionFactory sessions;

    @Inject
    ReturnStore store;

    @Inject
    Outbox outbox;

    @Inject
    Idempotency idempotency;

    @ConfigProperty(name = "returns.window-days", defaultValue = "30")
    int windowDays;

    /** What a return of these lines would give back, or the rule that refuses it. */
    public record Quote(
            String orderId,
            String locationId,
            List<QuoteLine> lines,
            List<Refund> refunds,
            Money money,
            long pointsGivenBack,
            long pointsTakenBack,
            ExchangeQuote exchange) {}

    /**
     * The replacement items of an exchange at today's prices: the refund pays {@code credit} of
     * their {@code total}; the customer pays {@code toPay} (the difference) or gets back the
     * refunds left (the quote's {@code refunds} are then what is left).
     */
    public record ExchangeQuote(List<ExchangeLine> lines, Money total, Money credit, Money toPay) {}

    public record ExchangeLine(String sku, String name, int quantity, Money unitPrice, Money total) {}

    /** The replacement order placed for a return, and the part of the refund that paid for it. */
    private record Placed(String orderId, long credit) {}

    public record QuoteLine(
            String lineId, String sku, int quantity, Money money, long pointsGivenBack, long pointsTakenBack) {}

    private record Facts(
            OrderApi.Order order, Map<String, Integer> returned, long refundedBefore, OrderApi.OrderPoints points) {}

    public Uni<Quote> quote(Caller who, ReturnRequest request) {
        requireStoreForExchange(request);
        return facts(who, request).chain(facts -> {
            Quote quote = decide(request, facts, Instant.now());
            if (request.exchange() == null) {
                return Uni.createFrom().item(asStoreCredit(quote, request));
            }
            return price(request.exchange(), quote.money().currency())
                    .map(lines -> asStoreCredit(withExchange(quote, lines), request));
        });
    }

    public Uni<Response> accept(Caller who, String key, ReturnRequest request) {
        requireStoreForExchange(request);
        Idempotency.requireSaneKey(key);
        String returnId = "ret-"
                + (key == null
                        ? UUID.randomUUID()
                        : UUID.nameUUIDFromBytes((who.subject() + "|return|" + key).getBytes(StandardCharsets.UTF_8)));
        String scope = who.subject() + " POST /api/returns";
        String hash = idempotency.hash(request);
        return sessions.withSession(session -> store.find(session, returnId)).chain(existing -> {
            if (existing.isPresent()) {
                // A repeat, however long after the key's own record expired: the return as accepted.
                return Uni.createFrom().item(replay(existing.get(), hash));
            }
            return facts(who, request)
                    .chain(facts -> request.exchange() == null
                            ? idempotency.run(
                                    key,
                                    scope,
                                    request,
                                    session -> commit(session, who, returnId, hash, request, facts, null))
                            : exchange(who, key, scope, returnId, hash, request, facts));
        });
    }

    private static Response replay(ReturnStore.Recorded recorded, String hash) {
        if (recorded.requestHash() != null && !recorded.requestHash().equals(hash)) {
            throw new ProblemException(
                    ProblemType.IDEMPOTENCY_KEY_REUSED,
                    "This Idempotency-Key accepted another return; use a new key for a new return");
        }
        return Response.status(201)
                .entity(recorded)
                .header(Idempotency.REPLAYED_HEADER, "true")
                .build();
    }

    /**
     * An exchange: decided and priced first, then the replacement order is placed (stock held,
     * PLACED), then the return is committed naming it; its ReturnAccepted hands the order over. A
     * return that cannot be committed cancels the order it placed.
     */
    private Uni<Response> exchange(
            Caller who, String key, String scope, String returnId, String hash, ReturnRequest request, Facts facts) {
        Quote quote = decide(request, facts, Instant.now());
        OrderApi.Order order = facts.order();
        return price(request.exchange(), quote.money().currency()).chain(lines -> {
            Quote priced = withExchange(quote, lines);
            OrderApi.Payment difference = difference(request.exchange().payWith(), priced.exchange());
            OrderApi.ExchangeOrder replacement = new OrderApi.ExchangeOrder(
                    returnId,
                    order.customerId(),
                    request.locationId(),
                    request.exchange().lines().stream()
                            .map(l -> new OrderApi.ItemLine(l.sku(), l.quantity()))
                            .toList(),
                    priced.exchange().credit(),
                    difference);
            return calls.placeExchange(replacement)
                    .onFailure(Refused.class)
                    .transform(failure -> exchangeRefused((Refused) failure))
                    .onFailure(failure -> !(failure instanceof ProblemException))
                    .transform(failure -> new ProblemException(
                            ProblemType.UNAVAILABLE, "The exchange order could not be placed; nothing changed"))
                    .chain(placed -> idempotency
                            .run(
                                    key,
                                    scope,
                                    request,
                                    session -> commit(
                                            session,
                                            who,
                                            returnId,
                                            hash,
                                            request,
                                            facts,
                                            new Placed(
                                                    placed.id(),
                                                    priced.exchange().credit().amount())))
                            .onFailure()
                            .call(failure -> cancelUncommitted(returnId, placed.id())));
        });
    }

    /** The replacement order of a return that was not committed is cancelled (its stock released). */
    private Uni<Void> cancelUncommitted(String returnId, String orderId) {
        return sessions.withSession(session -> store.find(session, returnId))
                .chain(found -> found.isPresent()
                        ? Uni.createFrom().voidItem()
                        : calls.cancelExchange(orderId, returnId).replaceWithVoid())
                .onFailure()
                .invoke(failure -> LOG.errorf(
                        failure,
                        "Return %s failed and its exchange order %s could not be cancelled; cancel it in the order"
                                + " ledger",
                        returnId,
                        orderId))
                .onFailure()
                .recoverWithNull();
    }

    private static ProblemException exchangeRefused(Refused refused) {
        Object detail = refused.problem().getOrDefault("detail", "refused by the order ledger");
        if (refused.status() == 409) {
            Map<String, Object> extra = new HashMap<>();
            if (refused.problem().containsKey("shortLines")) {
                extra.put("shortLines", refused.problem().get("shortLines"));
            }
            return ProblemException.conflict("The replacement cannot be sold: " + detail, extra);
        }
        return ProblemException.invalid("exchange", String.valueOf(detail));
    }

    private static void requireStoreForExchange(ReturnRequest request) {
        if (request.exchange() != null && request.locationId() == null) {
            throw ProblemException.invalid(
                    "exchange", "exchanges are handed over at a store: give the receiving store's locationId");
        }
        Set<String> skus = new HashSet<>();
        List<ReturnRequest.ItemInput> lines =
                request.exchange() == null ? List.of() : request.exchange().lines();
        for (int i = 0; i < lines.size(); i++) {
            if (!skus.add(lines.get(i).sku())) {
                throw ProblemException.invalid("exchange.lines[" + i + "].sku", "appears twice; give one line per SKU");
            }
        }
    }

    /** The replacement lines at the item master's prices, in the order's currency. */
    private Uni<List<ExchangeLine>> price(ReturnRequest.ExchangeInput exchange, String currency) {
        List<ReturnRequest.ItemInput> lines = exchange.lines();
        return calls.items(lines.stream().map(ReturnRequest.ItemInput::sku).toList())
                .onFailure(Refused.class)
                .transform(refused -> ProblemException.invalid(
                        "exchange.lines",
                        String.valueOf(((Refused) refused).problem().getOrDefault("detail", "refused"))))
                .onFailure(failure -> !(failure instanceof ProblemException))
                .transform(failure ->
                        new ProblemException(ProblemType.UNAVAILABLE, "Prices could not be read; nothing changed"))
                .map(items -> {
                    Map<String, OrderApi.Item> bySku = new HashMap<>();
                    items.items().forEach(item -> bySku.put(item.sku(), item));
                    List<ExchangeLine> priced = new ArrayList<>();
                    for (int i = 0; i < lines.size(); i++) {
                        OrderApi.Item item = bySku.get(lines.get(i).sku());
                        if (item == null) {
                            throw ProblemException.invalid(
                                    "exchange.lines[" + i + "].sku", "is not in the item master");
                        }
                        if (!item.listPrice().currency().equals(currency)) {
                            throw ProblemException.invalid(
                                    "exchange.lines[" + i + "].sku", "is priced in another currency than the order");
                        }
                        int quantity = lines.get(i).quantity();
                        priced.add(new ExchangeLine(
                                item.sku(),
                                item.name(),
                                quantity,
                                item.listPrice(),
                                new Money(Math.multiplyExact(item.listPrice().amount(), quantity), currency)));
                    }
                    return priced;
                });
    }

    /** The refund pays for the replacement first; what it does not cover is to pay, what is left is refunded. */
    private static Quote withExchange(Quote quote, List<ExchangeLine> lines) {
        String currency = quote.money().currency();
        long total = lines.stream().mapToLong(l -> l.total().amount()).sum();
        long credit = Math.min(total, quote.money().amount());
        return new Quote(
                quote.orderId(),
                quote.locationId(),
                quote.lines(),
                refundsAfter(quote, credit),
                quote.money(),
                quote.pointsGivenBack(),
                quote.pointsTakenBack(),
                new ExchangeQuote(
                        lines,
                        new Money(total, currency),
                        new Money(credit, currency),
                        new Money(total - credit, currency)));
    }

    /** The quote as the customer who asked for store credit gets it: see {@link #storeCredit}. */
    private static Quote asStoreCredit(Quote quote, ReturnRequest request) {
        return new Quote(
                quote.orderId(),
                quote.locationId(),
                quote.lines(),
                storeCredit(quote.refunds(), request),
                quote.money(),
                quote.pointsGivenBack(),
                quote.pointsTakenBack(),
                quote.exchange());
    }

    /**
     * Store credit, when asked for: what the plan would give back to the order's tenders (after an
     * exchange took its part) goes on one new gift card instead, which the payment service issues.
     */
    private static List<Refund> storeCredit(List<Refund> refunds, ReturnRequest request) {
        long money = refunds.stream().mapToLong(r -> r.amount().amount()).sum();
        if (!request.storeCredit() || money == 0) {
            return refunds;
        }
        String currency = refunds.getFirst().amount().currency();
        return List.of(new Refund(TenderType.STORE_CREDIT, new Money(money, currency), "store-credit"));
    }

    private static List<Refund> refundsAfter(Quote quote, long credit) {
        String currency = quote.money().currency();
        return RefundPlan.afterCredit(
                        quote.refunds().stream()
                                .map(r -> new RefundPlan.TenderRefund(
                                        r.tender(), r.amount().amount(), r.reference()))
                                .toList(),
                        credit)
                .stream()
                .map(r -> new Refund(r.type(), new Money(r.amount(), currency), r.reference()))
                .toList();
    }

    /** The tender for the difference: exactly what is to pay, or none when the refund covers it. */
    private static OrderApi.Payment difference(ReturnRequest.TenderInput payWith, ExchangeQuote exchange) {
        long toPay = exchange.toPay().amount();
        if (toPay == 0) {
            if (payWith != null) {
                throw ProblemException.invalid("exchange.payWith", "nothing to pay: the refund covers the replacement");
            }
            return null;
        }
        if (payWith == null) {
            throw ProblemException.invalid(
                    "exchange.payWith", "the replacement costs " + toPay + " more than the refund; name the tender");
        }
        if (payWith.type() == TenderType.RETURN_CREDIT || payWith.type() == TenderType.STORE_CREDIT) {
            throw ProblemException.invalid("exchange.payWith.type", "must be CARD, CASH or GIFT_CARD");
        }
        if (payWith.amount() != toPay
                || !payWith.currency().equals(exchange.toPay().currency())) {
            throw ProblemException.invalid(
                    "exchange.payWith.amount",
                    "must be exactly " + toPay + " " + exchange.toPay().currency() + " (the difference quoted)");
        }
        return new OrderApi.Payment(payWith.type(), exchange.toPay(), payWith.reference());
    }

    private Uni<Idempotency.Outcome> commit(
            Mutiny.Session session,
            Caller who,
            String returnId,
            String hash,
            ReturnRequest request,
            Facts read,
            Placed placed) {
        // The order's returns are decided one at a time (its refunds read after the lock), and a
        // return the order ledger abandoned (its exchange sweep) can never be accepted after.
        Uni<Void> counted = store.lock(session, read.order().id(), returnId)
                .invoke(abandoned -> {
                    if (abandoned) {
                        throw ProblemException.conflict(
                                "This exchange took too long and was given up; its replacement was cancelled."
                                        + " Start the return again with a new Idempotency-Key",
                                Map.of("returnId", returnId));
                    }
                })
                .replaceWithVoid();
        // Units counted first, in this transaction: a concurrent return of the same units waits, then fails.
        for (ReturnRequest.LineInput line : request.lines()) {
            OrderApi.Line ordered = line(read.order(), line.lineId());
            counted = counted.chain(() -> store.take(
                            session, read.order().id(), line.lineId(), line.quantity(), ordered.quantity())
                    .invoke(before -> {
                        if (before.isEmpty()) {
                            throw refusal(ReturnRule.TOO_MANY_UNITS, line.lineId());
                        }
                    })
                    .replaceWithVoid());
        }
        return counted.chain(() -> store.returned(session, read.order().id()))
                .chain(after -> store.refunded(session, read.order().id()).map(refunded -> {
                    // Decide on what was returned before this return (after less these units).
                    Map<String, Integer> before = new HashMap<>(after);
                    request.lines().forEach(l -> before.merge(l.lineId(), -l.quantity(), Integer::sum));
                    return decide(request, new Facts(read.order(), before, refunded, read.points()), Instant.now());
                }))
                .chain(quote -> {
                    OrderApi.Order order = read.order();
                    if (placed != null && placed.credit() > quote.money().amount()) {
                        throw ProblemException.conflict(
                                "The order's returns changed meanwhile; quote the exchange again", Map.of());
                    }
                    List<Refund> refunds = storeCredit(
                            placed == null ? quote.refunds() : refundsAfter(quote, placed.credit()), request);
                    ReturnAccepted.Exchange exchange = placed == null
                            ? null
                            : new ReturnAccepted.Exchange(
                                    placed.orderId(),
                                    new Money(placed.credit(), quote.money().currency()));
                    List<ReturnLine> lines = request.lines().stream()
                            .map(l -> new ReturnLine(
                                    l.lineId(),
                                    line(order, l.lineId()).sku(),
                                    l.quantity(),
                                    l.condition(),
                                    l.reason().name()))
                            .toList();
                    Channel channel = request.locationId() != null ? Channel.STORE : order.channel();
                    ReturnStore.Recorded recorded = new ReturnStore.Recorded(
                            returnId,
                            order.id(),
                            order.customerId(),
                            channel.name(),
                            request.locationId(),
                            quote.money().currency(),
                            quote.money().amount(),
                            quote.pointsGivenBack(),
                            quote.pointsTakenBack(),
                            lines,
                            refunds,
                            who.subject(),
                            null,
                            placed == null ? null : placed.orderId(),
                            placed == null ? 0 : placed.credit(),
                            hash,
                            order.tenders().stream()
                                    .map(t -> new Refund(t.type(), t.amount(), t.reference()))
                                    .toList(),
                            RefundSettlement.owed(refunds));
                    return store.insert(session, recorded)
                            .chain(() -> outbox.append(
                                    session,
                                    returnId,
                                    new ReturnAccepted(
                                            returnId,
                                            order.id(),
                                            order.customerId(),
                                            channel,
                                            request.locationId(),
                                            lines,
                                            refunds,
                                            quote.pointsGivenBack(),
                                            quote.pointsTakenBack(),
                                            exchange)))
                            .chain(() -> store.find(session, returnId))
                            .map(saved -> new Idempotency.Outcome(201, saved.orElseThrow()));
                });
    }

    /**
     * What the order ledger's refusal means for the client: a 404 is "no such order"; any other
     * refusal (our own token not accepted, say, by an instance just started) is ours, not the
     * client's, so it is a 503 the client repeats, never a false "does not exist".
     */
    private static ProblemException orderRefused(String orderId, Refused refused) {
        if (refused.status() == 404) {
            return ProblemException.notFound("Order " + orderId);
        }
        LOG.warnf("The order ledger refused to give order %s: %s", orderId, refused.getMessage());
        return new ProblemException(
                ProblemType.UNAVAILABLE, "The order ledger could not be read; nothing changed, repeat shortly");
    }

    /** The order, who may return it where, and what came back already. */
    private Uni<Facts> facts(Caller who, ReturnRequest request) {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < request.lines().size(); i++) {
            if (!seen.add(request.lines().get(i).lineId())) {
                throw ProblemException.invalid(
                        "lines[" + i + "].lineId", "appears twice; give one line per order line");
            }
        }
        return calls.order(request.orderId())
                .onFailure(Refused.class)
                .transform(refused -> orderRefused(request.orderId(), (Refused) refused))
                .onFailure(failure -> !(failure instanceof ProblemException))
                .transform(failure -> new ProblemException(
                        ProblemType.UNAVAILABLE, "The order ledger could not be read; nothing changed"))
                .call(order -> receivedBy(who, request, order))
                .chain(order -> calls.points(order.id())
                        .map(Optional::of)
                        .onFailure(Refused.class)
                        .recoverWithItem(Optional.empty())
                        .onFailure(failure -> !(failure instanceof ProblemException))
                        .transform(failure -> new ProblemException(
                                ProblemType.UNAVAILABLE, "The points ledger could not be read; nothing changed"))
                        .chain(points -> sessions.withSession(session -> store.returned(session, order.id())
                                .chain(returned -> store.refunded(session, order.id())
                                        .map(refunded -> new Facts(order, returned, refunded, points.orElse(null)))))));
    }

    /** At a store: its staff, and it must take returns. By mail: the order's customer, or admin. */
    private Uni<Void> receivedBy(Caller who, ReturnRequest request, OrderApi.Order order) {
        if (request.locationId() == null) {
            if (who.has(Caller.ADMIN)) {
                return Uni.createFrom().voidItem();
            }
            if (!who.has(Caller.CUSTOMER)) {
                throw ProblemException.invalid("locationId", "names the store receiving the return");
            }
            Access.require(
                    order.customerId() == null ? Access.Decision.NOT_FOUND : Access.toCustomer(who, order.customerId()),
                    "Order " + order.id());
            return Uni.createFrom().voidItem();
        }
        if (who.has(Caller.CUSTOMER) && !who.has(Caller.ADMIN)) {
            throw new ProblemException(
                    ProblemType.FORBIDDEN, "Returns at a store are taken by its staff; by mail leave locationId out");
        }
        Access.require(Access.atStore(who, request.locationId()), "Store " + request.locationId());
        return calls.location(request.locationId())
                .onFailure(Refused.class)
                .transform(refused -> ProblemException.invalid("locationId", "no such location"))
                .onFailure(failure -> !(failure instanceof ProblemException))
                .transform(failure ->
                        new ProblemException(ProblemType.UNAVAILABLE, "Inventory could not be read; nothing changed"))
                .invoke(location -> {
                    if (!location.acceptsReturns()) {
                        throw refusal(ReturnRule.STORE_TAKES_NO_RETURNS, "locationId");
                    }
                })
                .replaceWithVoid();
    }

    private Quote decide(ReturnRequest request, Facts facts, Instant now) {
        ReturnPolicy policy = new ReturnPolicy(windowDays);
        OrderApi.Order order = facts.order();
        Instant fulfilledAt = order.history() == null
                ? null
                : order.history().stream()
                        .filter(h -> "PICKED_UP".equals(h.to()) || "DELIVERED".equals(h.to()))
                        .map(OrderApi.History::at)
                        .findFirst()
                        .orElse(null);
        List<RefundPlan.LineShare> shares = new ArrayList<>();
        List<QuoteLine> quoted = new ArrayList<>();
        long takenBack = 0;
        for (int i = 0; i < request.lines().size(); i++) {
            ReturnRequest.LineInput input = request.lines().get(i);
            OrderApi.Line line = order.lines().stream()
                    .filter(l -> l.lineId().equals(input.lineId()))
                    .findFirst()
                    .orElse(null);
            int before = facts.returned().getOrDefault(input.lineId(), 0);
            ReturnPolicy.LineFacts lineFacts = line == null
                    ? new ReturnPolicy.LineFacts(false, false, null, 0, 0)
                    : new ReturnPolicy.LineFacts(true, line.returnable(), line.returnDays(), line.quantity(), before);
            Optional<ReturnRule> refused = policy.refusal(fulfilledAt, now, lineFacts, input.quantity());
            if (refused.isPresent()) {
                throw refusal(refused.get(), "lines[" + i + "]");
            }
            RefundPlan.LineShare share = RefundPlan.share(
                    new RefundPlan.Line(
                            line.lineId(), line.quantity(), line.paid().amount(), line.pointsRedeemed()),
                    before,
                    input.quantity());
            shares.add(share);
            long earnedBack = earnedBack(facts.points(), line, input.quantity());
            takenBack += earnedBack;
            quoted.add(new QuoteLine(
                    line.lineId(),
                    line.sku(),
                    input.quantity(),
                    new Money(share.money(), order.total().currency()),
                    share.points(),
                    earnedBack));
        }
        RefundPlan.Plan plan = RefundPlan.plan(
                shares,
                order.tenders().stream()
                        .map(t -> new RefundPlan.Tender(t.type(), t.amount().amount(), t.reference()))
                        .toList(),
                facts.refundedBefore());
        String currency = order.total().currency();
        return new Quote(
                order.id(),
                request.locationId(),
                quoted,
                plan.tenders().stream()
                        .map(t -> new Refund(t.type(), new Money(t.amount(), currency), t.reference()))
                        .toList(),
                new Money(plan.money(), currency),
                plan.points(),
                takenBack,
                null);
    }

    /** The points the line earned for these units, as loyalty will take them back (its own count of returned units). */
    private static long earnedBack(OrderApi.OrderPoints points, OrderApi.Line line, int units) {
        if (points == null) {
            return 0;
        }
        return points.lines().stream()
                .filter(p -> p.lineId().equals(line.lineId()))
                .findFirst()
                .map(p -> Apportion.part(
                        p.earned(), p.returned(), Math.min(units, p.quantity() - p.returned()), p.quantity()))
                .orElse(0L);
    }

    private static OrderApi.Line line(OrderApi.Order order, String lineId) {
        return order.lines().stream()
                .filter(l -> l.lineId().equals(lineId))
                .findFirst()
                .orElseThrow(() -> refusal(ReturnRule.UNKNOWN_LINE, lineId));
    }

    private static ProblemException refusal(ReturnRule rule, String field) {
        return new ProblemException(
                ProblemType.CONFLICT,
                "Not returnable: " + rule.words(),
                List.of(new Problem.FieldError(field, rule.words())),
                Map.of("rule", rule.name()));
    }
}
