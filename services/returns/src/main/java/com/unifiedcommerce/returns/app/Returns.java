package com.unifiedcommerce.returns.app;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.unifiedcommerce.contracts.common.Channel;
import com.unifiedcommerce.contracts.common.Money;
import com.unifiedcommerce.contracts.returns.Refund;
import com.unifiedcommerce.contracts.returns.ReturnAccepted;
import com.unifiedcommerce.contracts.returns.ReturnLine;
import com.unifiedcommerce.platform.calls.Refused;
import com.unifiedcommerce.platform.idempotency.Idempotency;
import com.unifiedcommerce.platform.outbox.Outbox;
import com.unifiedcommerce.platform.problem.ProblemException;
import com.unifiedcommerce.platform.problem.ProblemType;
import com.unifiedcommerce.platform.request.Answer;
import com.unifiedcommerce.platform.security.Access;
import com.unifiedcommerce.platform.security.Caller;
import com.unifiedcommerce.returns.client.OrderApi;
import com.unifiedcommerce.returns.client.Services;
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
    Services services;

    @Inject
    Exchanges exchanges;

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

    /** The replacement order placed for a return, and the part of the refund that paid for it. */
    private record Placed(String orderId, long credit) {}

    public Uni<Quote> quote(Caller who, ReturnRequest request) {
        Exchanges.requireValid(request);
        return facts(who, request).chain(facts -> {
            Quote quote = decide(request, facts, Instant.now());
            if (request.exchange() == null) {
                return Uni.createFrom().item(quote.asStoreCredit(request.storeCredit()));
            }
            return exchanges
                    .price(request.exchange(), quote.money().currency())
                    .map(lines -> quote.withExchange(lines).asStoreCredit(request.storeCredit()));
        });
    }

    public Uni<Answer> accept(Caller who, String key, ReturnRequest request) {
        Exchanges.requireValid(request);
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
                            ? idempotency.answer(
                                    key,
                                    scope,
                                    request,
                                    session -> commit(session, who, returnId, hash, request, facts, null))
                            : exchangeUnlessAccepted(who, key, scope, returnId, hash, request, facts));
        });
    }

    /**
     * An exchange is decided before its Idempotency-Key is taken (its replacement is placed
     * first), so a repeat must not decide from facts that already count its first request's
     * units: a first request that committed after this one looked for the return, but before its
     * facts were read, would be refused as "more units than were bought" although it was accepted
     * (seen in the fault-injection run: the first request outlived the gateway's time-out, its
     * repeat got 409). Looking again after the facts were read closes that window: if they count
     * the first request's units, its return is there to be answered.
     */
    private Uni<Answer> exchangeUnlessAccepted(
            Caller who,
            String key,
            String scope,
            String returnId,
            String hash,
            ReturnRequest request,
            Quoting.Facts facts) {
        if (key == null) {
            return exchange(who, null, scope, returnId, hash, request, facts);
        }
        return sessions.withSession(session -> store.find(session, returnId))
                .chain(accepted -> accepted.isPresent()
                        ? Uni.createFrom().item(replay(accepted.get(), hash))
                        : exchange(who, key, scope, returnId, hash, request, facts));
    }

    private static Answer replay(ReturnStore.Recorded recorded, String hash) {
        if (recorded.requestHash() != null && !recorded.requestHash().equals(hash)) {
            throw new ProblemException(
                    ProblemType.IDEMPOTENCY_KEY_REUSED,
                    "This Idempotency-Key accepted another return; use a new key for a new return");
        }
        return Answer.replayed(201, recorded);
    }

    /**
     * An exchange: decided and priced first, then the replacement order is placed (stock held,
     * PLACED), then the return is committed naming it; its ReturnAccepted hands the order over. A
     * return that cannot be committed cancels the order it placed.
     */
    private Uni<Answer> exchange(
            Caller who,
            String key,
            String scope,
            String returnId,
            String hash,
            ReturnRequest request,
            Quoting.Facts facts) {
        Quote quote = decide(request, facts, Instant.now());
        OrderApi.Order order = facts.order();
        return exchanges.price(request.exchange(), quote.money().currency()).chain(lines -> {
            Quote priced = quote.withExchange(lines);
            OrderApi.Payment difference =
                    Exchanges.difference(request.exchange().payWith(), priced.exchange());
            OrderApi.ExchangeOrder replacement = new OrderApi.ExchangeOrder(
                    returnId,
                    order.customerId(),
                    request.locationId(),
                    request.exchange().lines().stream()
                            .map(l -> new OrderApi.ItemLine(l.sku(), l.quantity()))
                            .toList(),
                    priced.exchange().credit(),
                    difference);
            return exchanges
                    .place(replacement)
                    .chain(placed -> idempotency
                            .answer(
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
                            .call(failure -> exchanges.cancelUncommitted(returnId, placed.id())));
        });
    }

    private Uni<Idempotency.Outcome> commit(
            Mutiny.Session session,
            Caller who,
            String returnId,
            String hash,
            ReturnRequest request,
            Quoting.Facts read,
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
                            throw Quoting.refusal(ReturnRule.TOO_MANY_UNITS, line.lineId());
                        }
                    })
                    .replaceWithVoid());
        }
        return counted.chain(() -> store.returned(session, read.order().id()))
                .chain(after -> store.refunded(session, read.order().id()).map(refunded -> {
                    // Decide on what was returned before this return (after less these units).
                    Map<String, Integer> before = new HashMap<>(after);
                    request.lines().forEach(l -> before.merge(l.lineId(), -l.quantity(), Integer::sum));
                    return decide(
                            request, new Quoting.Facts(read.order(), before, refunded, read.points()), Instant.now());
                }))
                .chain(quote -> {
                    OrderApi.Order order = read.order();
                    if (placed != null && placed.credit() > quote.money().amount()) {
                        throw ProblemException.conflict(
                                "The order's returns changed meanwhile; quote the exchange again", Map.of());
                    }
                    List<Refund> refunds = Quote.storeCredit(
                            placed == null ? quote.refunds() : quote.refundsAfter(placed.credit()),
                            request.storeCredit());
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
    private Uni<Quoting.Facts> facts(Caller who, ReturnRequest request) {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < request.lines().size(); i++) {
            if (!seen.add(request.lines().get(i).lineId())) {
                throw ProblemException.invalid(
                        "lines[" + i + "].lineId", "appears twice; give one line per order line");
            }
        }
        return services.order(request.orderId())
                .onFailure(Refused.class)
                .transform(refused -> orderRefused(request.orderId(), (Refused) refused))
                .onFailure(failure -> !(failure instanceof ProblemException))
                .transform(failure -> new ProblemException(
                        ProblemType.UNAVAILABLE, "The order ledger could not be read; nothing changed"))
                .call(order -> receivedBy(who, request, order))
                .chain(order -> services.points(order.id())
                        .map(Optional::of)
                        .onFailure(Refused.class)
                        .recoverWithItem(Optional.empty())
                        .onFailure(failure -> !(failure instanceof ProblemException))
                        .transform(failure -> new ProblemException(
                                ProblemType.UNAVAILABLE, "The points ledger could not be read; nothing changed"))
                        .chain(points -> sessions.withSession(session -> store.returned(session, order.id())
                                .chain(returned -> store.refunded(session, order.id())
                                        .map(refunded ->
                                                new Quoting.Facts(order, returned, refunded, points.orElse(null)))))));
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
        return services.location(request.locationId())
                .onFailure(Refused.class)
                .transform(refused -> ProblemException.invalid("locationId", "no such location"))
                .onFailure(failure -> !(failure instanceof ProblemException))
                .transform(failure ->
                        new ProblemException(ProblemType.UNAVAILABLE, "Inventory could not be read; nothing changed"))
                .invoke(location -> {
                    if (!location.acceptsReturns()) {
                        throw Quoting.refusal(ReturnRule.STORE_TAKES_NO_RETURNS, "locationId");
                    }
                })
                .replaceWithVoid();
    }

    private Quote decide(ReturnRequest request, Quoting.Facts facts, Instant now) {
        return Quoting.decide(new ReturnPolicy(windowDays), request, facts, now);
    }

    private static OrderApi.Line line(OrderApi.Order order, String lineId) {
        return order.lines().stream()
                .filter(l -> l.lineId().equals(lineId))
                .findFirst()
                .orElseThrow(() -> Quoting.refusal(ReturnRule.UNKNOWN_LINE, lineId));
    }
}
