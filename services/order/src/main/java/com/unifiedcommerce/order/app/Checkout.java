package com.unifiedcommerce.order.app;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.unifiedcommerce.contracts.common.Channel;
import com.unifiedcommerce.contracts.common.Fulfilment;
import com.unifiedcommerce.contracts.common.TenderType;
import com.unifiedcommerce.order.client.CatalogueCache;
import com.unifiedcommerce.order.client.Failures;
import com.unifiedcommerce.order.client.InventoryApi;
import com.unifiedcommerce.order.client.Services;
import com.unifiedcommerce.order.domain.Order;
import com.unifiedcommerce.order.domain.OrderStatus;
import com.unifiedcommerce.order.store.CheckoutAttempts;
import com.unifiedcommerce.order.store.Orders;
import com.unifiedcommerce.platform.calls.Refused;
import com.unifiedcommerce.platform.idempotency.Idempotency;
import com.unifiedcommerce.platform.problem.ProblemException;
import com.unifiedcommerce.platform.problem.ProblemType;
import com.unifiedcommerce.platform.request.Answer;
import com.unifiedcommerce.platform.security.Caller;
import com.unifiedcommerce.platform.store.SingleStatement;
import io.smallrye.mutiny.Uni;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Checkout in every channel: the request is checked and priced from the item master, then the
 * order is recorded PENDING as a numbered attempt and {@link CheckoutSaga} holds its stock and
 * points and places it. The order id comes from the Idempotency-Key and the order row keeps the
 * request's hash, so a repeat of a placed checkout gets the order again (however long after) and
 * changes nothing, a repeat with another body is 422, and a retry after a refusal is a new attempt
 * with fresh holds.
 */
@ApplicationScoped
public class Checkout {

    /** How often, and how long apart, a repeat waits for an attempt in flight to settle. */
    private static final int WAITS = 15;

    private static final Duration WAIT = Duration.ofMillis(200);

    @Inject
    Services services;

    @Inject
    CatalogueCache catalogue;

    @Inject
    Mutiny.SessionFactory sessions;

    @Inject
    Orders orders;

    @Inject
    CheckoutAttempts attempts;

    @Inject
    CheckoutSaga saga;

    @Inject
    Lifecycle lifecycle;

    @Inject
    Idempotency idempotency;

    /** What one point is worth at checkout, in minor units (1: 100 points are 1.00). */
    @ConfigProperty(name = "order.points.minor-per-point", defaultValue = "1")
    long minorPerPoint;

    /** Where ship orders leave from (a DC). */
    @ConfigProperty(name = "order.ship-from")
    String shipFrom;

    public Uni<Answer> place(Caller who, String key, CheckoutRequest request) {
        String customerId = CheckoutRules.customer(who, request);
        String locationId = CheckoutRules.location(who, request, shipFrom);
        CheckoutRules.requireValidPayment(who, request, customerId);
        return placeOrder(who, key, request, request, customerId, locationId, false, false);
    }

    /**
     * The replacement order of an exchange (the returns service only): a counter order at the
     * receiving store paid with the return's credit and any difference, left PLACED with its stock
     * held until the return's ReturnAccepted hands it over (see ReturnsIntoLedger).
     */
    public Uni<Answer> exchange(Caller who, String key, ExchangeRequest request) {
        if (request.difference() != null
                && (request.difference().type() == TenderType.RETURN_CREDIT
                        || request.difference().type() == TenderType.STORE_CREDIT)) {
            throw ProblemException.invalid("difference.type", "the difference is paid with CARD, CASH or GIFT_CARD");
        }
        List<CheckoutRequest.TenderInput> tenders = new ArrayList<>();
        tenders.add(new CheckoutRequest.TenderInput(TenderType.RETURN_CREDIT, request.credit(), request.returnId()));
        if (request.difference() != null) {
            tenders.add(request.difference());
        }
        CheckoutRequest counter = new CheckoutRequest(
                Channel.STORE,
                request.customerId(),
                Fulfilment.CARRY_OUT,
                request.locationId(),
                null,
                request.lines(),
                tenders,
                0L,
                null);
        return placeOrder(who, key, request, counter, request.customerId(), request.locationId(), true, false);
    }

    private Uni<Answer> placeOrder(
            Caller who,
            String key,
            Object body,
            CheckoutRequest request,
            String customerId,
            String locationId,
            boolean awaitingHandOver,
            boolean repriced) {
        List<CheckoutRequest.LineInput> lines = CheckoutRules.distinct(request.lines());
        Idempotency.requireSaneKey(key);
        String orderId = CheckoutRules.orderId(who, key);
        String hash = idempotency.hash(body);
        Orders.Actor actor = new Orders.Actor(
                who.subject(), request.channel().name(), who.storeId() != null ? who.storeId() : locationId, null);
        List<String> skus = lines.stream().map(CheckoutRequest.LineInput::sku).toList();
        Uni<Drafted> pricing = items(catalogue.items(skus))
                .call(items -> present(request, customerId, locationId, orderId))
                .chain(items -> pickupHours(request.fulfilment(), locationId)
                        .chain(hours -> drafted(
                                skus,
                                items,
                                current -> OrderDrafts.draft(
                                        orderId,
                                        customerId,
                                        request,
                                        locationId,
                                        lines,
                                        current,
                                        hours,
                                        minorPerPoint))));
        // A repeat goes the way of a new request: the row's insert finds the order and answers from
        // it (no read before every checkout). Only a repeat that pricing refuses (a price changed
        // since its order was placed) looks for its order there, without waiting.
        Uni<Answer> priced = pricing.onItemOrFailure().transformToUni((drafted, refused) -> {
            if (refused == null) {
                return begin(
                        awaitingHandOver ? drafted.order().with(OrderStatus.PLACED) : drafted.order(),
                        versions(drafted.items()),
                        hash,
                        actor);
            }
            if (key == null || !(refused instanceof ProblemException)) {
                return Uni.createFrom().failure(refused);
            }
            return existing(orderId, hash, WAITS)
                    .chain(found -> found.isPresent()
                            ? Uni.createFrom().item(found.get())
                            : Uni.createFrom().failure(refused));
        });
        // Priced with a remembered item that changed meanwhile: the attempt was undone; price again
        // from inventory, once (a second change in the same moment is the client's 409).
        Uni<Answer> fresh = repriced
                ? priced
                : priced.onFailure(Checkout::itemsChanged)
                        .recoverWithUni(changed -> catalogue
                                .forget(skus)
                                .chain(() -> placeOrder(
                                        who, key, body, request, customerId, locationId, awaitingHandOver, true)));
        return fresh;
    }

    /** Starts an attempt on the order; when the id is taken meanwhile, answers from what is there. */
    private Uni<Answer> begin(Order order, Map<String, Instant> itemVersions, String hash, Orders.Actor actor) {
        return SingleStatement.write(sessions, session -> attempts.begin(session, order, hash))
                .chain(attempt -> attempt.isPresent()
                        ? saga.run(order, attempt.get(), actor, itemVersions)
                                .map(placed -> answer(placed.view(), false))
                        : existing(order.id(), hash, 0)
                                .chain(found -> found.isPresent()
                                        ? Uni.createFrom().item(found.get())
                                        : begin(order, itemVersions, hash, actor)));
    }

    /** The item master as checkout reads it; a refusal names the lines, anything else is 503. */
    private static Uni<InventoryApi.ItemList> items(Uni<InventoryApi.ItemList> read) {
        return read.onFailure(Refused.class)
                .transform(refused -> ProblemException.invalid(
                        "lines", String.valueOf(((Refused) refused).problem().getOrDefault("detail", "refused"))))
                .onFailure(failure -> !(failure instanceof ProblemException))
                .transform(failure -> Failures.unavailable("inventory", failure));
    }

    /** An order priced, and the items it was priced with. */
    private record Drafted(Order order, InventoryApi.ItemList items) {}

    /**
     * Prices the order with these items. Refused (the tenders do not cover the total, a currency
     * differs...) it is priced once more with inventory's current items when those differ: the
     * remembered ones may be older than the price the client was shown, and a client paying the
     * current price must not be refused for the length of the cache.
     */
    private Uni<Drafted> drafted(
            List<String> skus, InventoryApi.ItemList items, Function<InventoryApi.ItemList, Order> draft) {
        try {
            return Uni.createFrom().item(new Drafted(draft.apply(items), items));
        } catch (ProblemException refused) {
            return items(catalogue.current(skus)).map(current -> {
                if (current.items().equals(items.items())) {
                    throw refused;
                }
                return new Drafted(draft.apply(current), current);
            });
        }
    }

    /** The item master versions the lines are priced with, which the stock hold checks. */
    private static Map<String, Instant> versions(InventoryApi.ItemList items) {
        return items.items().stream().collect(Collectors.toMap(InventoryApi.Item::sku, InventoryApi.Item::updatedAt));
    }

    private static boolean itemsChanged(Throwable failure) {
        return failure instanceof ProblemException problem
                && problem.extensions().containsKey(CheckoutSaga.CHANGED_ITEMS);
    }

    /**
     * What a repeat of a checkout gets without touching anything: a placed order answers a repeat
     * of its request (201, replayed) and refuses another (422); an attempt in flight is waited for
     * a few seconds, then 409 (retry shortly). Empty when there is no order yet, or its last attempt
     * was rejected: this request then makes a new attempt.
     */
    private Uni<Optional<Answer>> existing(String orderId, String hash, int waited) {
        return sessions.withSession(session -> attempts.checkoutState(session, orderId)
                        .chain(state -> {
                            if (state.isEmpty() || state.get().order().status() == OrderStatus.REJECTED) {
                                return Uni.createFrom().item(Optional.<Answer>empty());
                            }
                            Order order = state.get().order();
                            // (an order placed before checkout kept its request's hash cannot tell: it is replayed)
                            if (state.get().requestHash() != null
                                    && !hash.equals(state.get().requestHash())) {
                                throw new ProblemException(
                                        ProblemType.IDEMPOTENCY_KEY_REUSED,
                                        "This Idempotency-Key placed another checkout; use a new key for a new order");
                            }
                            if (!order.status().checkingOut()) {
                                return lifecycle
                                        .view(session, order, null)
                                        .map(view -> Optional.of(answer(view, true)));
                            }
                            return Uni.createFrom().item((Optional<Answer>) null);
                        }))
                .chain(found -> {
                    if (found != null) {
                        return Uni.createFrom().item(found);
                    }
                    if (waited >= WAITS) {
                        throw ProblemException.busy(
                                "This checkout is still being processed; retry in a few seconds with the same"
                                        + " Idempotency-Key",
                                2);
                    }
                    return Uni.createFrom()
                            .voidItem()
                            .onItem()
                            .delayIt()
                            .by(WAIT)
                            .chain(() -> existing(orderId, hash, waited + 1));
                });
    }

    private static Answer answer(OrderViews.OrderView view, boolean replayed) {
        return new Answer(201, view, Answer.JSON, replayed);
    }

    /**
     * A counter sale spending points: the customer service spends its proof that the customer is
     * at this store on this order (a retry of the same order may spend it again; any other is 403).
     */
    private Uni<Void> present(CheckoutRequest request, String customerId, String locationId, String orderId) {
        if (request.customerProof() == null || request.points() == 0) {
            return Uni.createFrom().voidItem();
        }
        return services.spendProof(customerId, request.customerProof(), locationId, "order:" + orderId)
                .onFailure(Refused.class)
                .transform(refused -> ((Refused) refused).status() == 400
                        ? ProblemException.invalid("customerProof", "is not a proof the customer service knows")
                        : new ProblemException(
                                ProblemType.FORBIDDEN,
                                "The customer was not verified present at this store; points were not spent"))
                .onFailure(failure -> !(failure instanceof ProblemException))
                .transform(failure -> Failures.unavailable("customer", failure));
    }

    /** A pickup store's hold time (and that it is a store taking pickups); nothing for other orders. */
    private Uni<Integer> pickupHours(Fulfilment fulfilment, String locationId) {
        if (fulfilment != Fulfilment.PICKUP) {
            return Uni.createFrom().nullItem();
        }
        return catalogue
                .location(locationId)
                .onFailure(failure -> !(failure instanceof Refused))
                .transform(failure -> Failures.unavailable("inventory", failure))
                .onFailure(Refused.class)
                .transform(refused -> ProblemException.invalid("locationId", "no such location"))
                .map(location -> {
                    if (!"STORE".equals(location.type()) || !location.pickupEnabled()) {
                        throw ProblemException.invalid("locationId", "this location does not hand over pickups");
                    }
                    return location.pickupHoldHours();
                });
    }
}
