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
import com.unifiedcommerce.returns.domain.ReturnPolicy;
import com.unifiedcommerce.returns.domain.ReturnRule;
import com.unifiedcommerce.returns.store.ReturnStore;
import io.smallrye.mutiny.Uni;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Quoting and accepting returns of any order from any channel. The order is read from the order
 * ledger (never from the client), the one policy decides per line, the refund plan gives back the
 * lines' share of money per original tender and of points; accepting counts the units in one
 * guarded statement per line and commits the return with ReturnAccepted.
 */
@ApplicationScoped
public class Returns {

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
            long pointsTakenBack) {}

    public record QuoteLine(
            String lineId, String sku, int quantity, Money money, long pointsGivenBack, long pointsTakenBack) {}

    private record Facts(
            OrderApi.Order order, Map<String, Integer> returned, long refundedBefore, OrderApi.OrderPoints points) {}

    public Uni<Quote> quote(Caller who, ReturnRequest request) {
        return facts(who, request).map(facts -> decide(request, facts, Instant.now()));
    }

    public Uni<Response> accept(Caller who, String key, ReturnRequest request) {
        String returnId = "ret-"
                + (key == null
                        ? UUID.randomUUID()
                        : UUID.nameUUIDFromBytes((who.subject() + "|return|" + key).getBytes(StandardCharsets.UTF_8)));
        return facts(who, request)
                .chain(facts -> idempotency.run(
                        key,
                        who.subject() + " POST /api/returns",
                        request,
                        session -> commit(session, who, returnId, request, facts)));
    }

    private Uni<Idempotency.Outcome> commit(
            Mutiny.Session session, Caller who, String returnId, ReturnRequest request, Facts read) {
        // Counted first, in this transaction: a concurrent return of the same units waits, then fails.
        Uni<Void> counted = Uni.createFrom().voidItem();
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
                            quote.refunds(),
                            who.subject(),
                            null);
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
                                            quote.refunds(),
                                            quote.pointsGivenBack(),
                                            quote.pointsTakenBack())))
                            .chain(() -> store.find(session, returnId))
                            .map(saved -> new Idempotency.Outcome(201, saved.orElseThrow()));
                });
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
                .transform(refused -> ProblemException.notFound("Order " + request.orderId()))
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
                        throw ProblemException.invalid("locationId", "this location does not accept returns");
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
                takenBack);
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
