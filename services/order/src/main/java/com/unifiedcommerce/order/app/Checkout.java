package com.unifiedcommerce.order.app;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;

import com.unifiedcommerce.contracts.common.Channel;
import com.unifiedcommerce.contracts.common.Fulfilment;
import com.unifiedcommerce.contracts.common.TenderType;
import com.unifiedcommerce.order.api.CheckoutRequest;
import com.unifiedcommerce.order.api.ExchangeRequest;
import com.unifiedcommerce.order.api.OrderViews;
import com.unifiedcommerce.order.client.Failures;
import com.unifiedcommerce.order.client.InventoryApi;
import com.unifiedcommerce.order.client.Services;
import com.unifiedcommerce.order.domain.Order;
import com.unifiedcommerce.order.domain.OrderStatus;
import com.unifiedcommerce.order.domain.Pricing;
import com.unifiedcommerce.order.store.Orders;
import com.unifiedcommerce.platform.calls.Refused;
import com.unifiedcommerce.platform.idempotency.Idempotency;
import com.unifiedcommerce.platform.outbox.Outbox;
import com.unifiedcommerce.platform.problem.ProblemException;
import com.unifiedcommerce.platform.problem.ProblemType;
import com.unifiedcommerce.platform.security.Access;
import com.unifiedcommerce.platform.security.Caller;
import io.smallrye.mutiny.Uni;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Checkout in every channel: price the lines from the item master, hold the stock at the
 * fulfilling location (keyed by the order id), hold the points, then commit the order and its
 * events in one transaction. Anything that fails before the commit releases what was held (and
 * what could not be released expires on its own). The order id comes from the Idempotency-Key,
 * so a retried checkout holds the same stock and points once and gets the first answer.
 */
@ApplicationScoped
public class Checkout {

    private static final Logger LOG = Logger.getLogger(Checkout.class);

    @Inject
    Services services;

    @Inject
    Orders orders;

    @Inject
    Outbox outbox;

    @Inject
    Idempotency idempotency;

    /** What one point is worth at checkout, in minor units (1: 100 points are 1.00). */
    @ConfigProperty(name = "order.points.minor-per-point", defaultValue = "1")
    long minorPerPoint;

    /** Where ship orders leave from (a DC). */
    @ConfigProperty(name = "order.ship-from")
    String shipFrom;

    /** How long stock and points are held for an order being placed. */
    @ConfigProperty(name = "order.hold-seconds", defaultValue = "900")
    int holdSeconds;

    /** What was held so far, to give back if the checkout fails. */
    private static final class Held {
        volatile String reservationId;
        volatile boolean points;
    }

    public Uni<Response> place(Caller who, String key, CheckoutRequest request) {
        String customerId = customer(who, request);
        String locationId = location(who, request);
        for (int i = 0; i < request.tendersOrNone().size(); i++) {
            TenderType type = request.tendersOrNone().get(i).type();
            if (type == TenderType.CASH && request.channel() != Channel.STORE) {
                throw ProblemException.invalid("tenders", "CASH is taken at the counter only (channel STORE)");
            }
            if (type == TenderType.RETURN_CREDIT) {
                throw ProblemException.invalid(
                        "tenders[" + i + "].type", "RETURN_CREDIT pays exchanges only; exchange through /api/returns");
            }
        }
        if (request.points() > 0 && customerId == null) {
            throw ProblemException.invalid("pointsToRedeem", "points are spent by an identified customer only");
        }
        return placeOrder(who, key, request, customerId, locationId, false);
    }

    /**
     * The replacement order of an exchange (the returns service only): a counter order at the
     * receiving store paid with the return's credit and any difference, left PLACED with its stock
     * held until the return's ReturnAccepted hands it over (see ReturnsIntoLedger).
     */
    public Uni<Response> exchange(Caller who, String key, ExchangeRequest request) {
        if (request.difference() != null && request.difference().type() == TenderType.RETURN_CREDIT) {
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
                0L);
        return placeOrder(who, key, counter, request.customerId(), request.locationId(), true);
    }

    private Uni<Response> placeOrder(
            Caller who,
            String key,
            CheckoutRequest request,
            String customerId,
            String locationId,
            boolean awaitingHandOver) {
        List<CheckoutRequest.LineInput> lines = distinct(request.lines());
        String orderId = orderId(who, key);
        Held held = new Held();
        return services.items(lines.stream().map(CheckoutRequest.LineInput::sku).toList())
                .onFailure(Refused.class)
                .transform(refused -> ProblemException.invalid(
                        "lines", String.valueOf(((Refused) refused).problem().getOrDefault("detail", "refused"))))
                .onFailure(failure -> !(failure instanceof ProblemException))
                .transform(failure -> Failures.unavailable("inventory", failure))
                .chain(items -> pickupHours(request.fulfilment(), locationId)
                        .map(hours -> draft(orderId, customerId, request, locationId, lines, items, hours)))
                .map(order -> awaitingHandOver ? order.with(OrderStatus.PLACED) : order)
                .chain(order -> reserve(order, held))
                .call(order -> holdPoints(order, held))
                .chain(order -> commit(who, key, request, order))
                .onFailure()
                .call(failure -> giveBack(orderId, held, failure));
    }

    /** WEB and MOBILE: the signed-in customer, never the body. STORE: an optional identified customer. */
    private static String customer(Caller who, CheckoutRequest request) {
        if (request.channel() == Channel.STORE) {
            return request.customerId();
        }
        if (who.has(Caller.CUSTOMER) && who.customerId() != null) {
            if (request.customerId() != null && !request.customerId().equals(who.customerId())) {
                throw ProblemException.invalid("customerId", "comes from your sign-in; leave it out");
            }
            return who.customerId();
        }
        if (who.has(Caller.ADMIN)) {
            if (request.customerId() == null) {
                throw ProblemException.invalid(
                        "customerId", "must name the customer of a " + request.channel() + " order");
            }
            return request.customerId();
        }
        throw new ProblemException(
                ProblemType.FORBIDDEN,
                request.channel() + " orders are placed by customers; the counter uses channel STORE");
    }

    /** The location the order is fulfilled at; STORE orders only by staff of that store. */
    private String location(Caller who, CheckoutRequest request) {
        if (request.fulfilment() == Fulfilment.CARRY_OUT && request.channel() != Channel.STORE) {
            throw ProblemException.invalid("fulfilment", "CARRY_OUT is for sales at the counter (channel STORE)");
        }
        if (request.fulfilment() == Fulfilment.SHIP && request.shippingAddress() == null) {
            throw ProblemException.invalid("shippingAddress", "is required to ship");
        }
        if (request.fulfilment() != Fulfilment.SHIP && request.locationId() == null) {
            throw ProblemException.invalid("locationId", "names the store of a " + request.fulfilment() + " order");
        }
        if (request.channel() == Channel.STORE) {
            if (request.locationId() == null) {
                throw ProblemException.invalid("locationId", "names the store selling at the counter");
            }
            Access.require(Access.atStore(who, request.locationId()), "Store " + request.locationId());
            if (who.has(Caller.SERVICE)) {
                throw new ProblemException(ProblemType.FORBIDDEN, "orders are placed by people");
            }
        }
        return request.fulfilment() == Fulfilment.SHIP ? shipFrom : request.locationId();
    }

    private static List<CheckoutRequest.LineInput> distinct(List<CheckoutRequest.LineInput> lines) {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < lines.size(); i++) {
            if (!seen.add(lines.get(i).sku())) {
                throw ProblemException.invalid("lines[" + i + "].sku", "appears twice; give one line per SKU");
            }
        }
        return lines;
    }

    /** The key makes the order id, so a retried checkout is the same order. */
    private static String orderId(Caller who, String key) {
        UUID id = key == null
                ? UUID.randomUUID()
                : UUID.nameUUIDFromBytes((who.subject() + "|checkout|" + key).getBytes(StandardCharsets.UTF_8));
        return "ord-" + id;
    }

    /** A pickup store's hold time (and that it is a store taking pickups); nothing for other orders. */
    private Uni<Integer> pickupHours(Fulfilment fulfilment, String locationId) {
        if (fulfilment != Fulfilment.PICKUP) {
            return Uni.createFrom().nullItem();
        }
        return services.location(locationId)
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

    private Order draft(
            String orderId,
            String customerId,
            CheckoutRequest request,
            String locationId,
            List<CheckoutRequest.LineInput> lines,
            InventoryApi.ItemList items,
            Integer pickupHours) {
        Map<String, InventoryApi.Item> bySku = new HashMap<>();
        items.items().forEach(item -> bySku.put(item.sku(), item));
        List<Pricing.PricedLine> priced = new ArrayList<>();
        String currency = null;
        for (int i = 0; i < lines.size(); i++) {
            CheckoutRequest.LineInput line = lines.get(i);
            InventoryApi.Item item = bySku.get(line.sku());
            if (item == null) {
                throw ProblemException.invalid("lines[" + i + "].sku", "is not in the item master");
            }
            if (currency != null && !currency.equals(item.listPrice().currency())) {
                throw ProblemException.invalid(
                        "lines[" + i + "].sku", "is priced in another currency than the other lines");
            }
            currency = item.listPrice().currency();
            priced.add(new Pricing.PricedLine(
                    "l" + (i + 1),
                    item.sku(),
                    item.name(),
                    line.quantity(),
                    item.listPrice().amount(),
                    item.returnable(),
                    item.returnDays()));
        }
        List<Pricing.Allocated> allocated;
        try {
            allocated = Pricing.allocate(priced, request.points(), minorPerPoint);
        } catch (Pricing.Refused refused) {
            throw ProblemException.invalid(refused.field(), refused.getMessage());
        }
        long total = priced.stream().mapToLong(Pricing.PricedLine::total).sum();
        long pointsValue = Math.multiplyExact(request.points(), minorPerPoint);
        List<Order.Payment> payments = new ArrayList<>();
        for (int i = 0; i < request.tendersOrNone().size(); i++) {
            CheckoutRequest.TenderInput tender = request.tendersOrNone().get(i);
            if (!tender.amount().currency().equals(currency)) {
                throw ProblemException.invalid("tenders[" + i + "].amount.currency", "must be " + currency);
            }
            payments.add(new Order.Payment(tender.type(), tender.amount().amount(), tender.reference()));
        }
        try {
            Pricing.coverExactly(
                    total - pointsValue,
                    payments.stream().map(Order.Payment::amount).toList());
        } catch (Pricing.Refused refused) {
            throw ProblemException.invalid(refused.field(), refused.getMessage());
        }
        List<Order.Line> orderLines = allocated.stream()
                .map(a -> new Order.Line(
                        a.line().lineId(),
                        a.line().sku(),
                        a.line().name(),
                        a.line().quantity(),
                        a.line().unitPrice(),
                        a.line().total(),
                        a.points(),
                        a.paid(),
                        a.line().returnable(),
                        a.line().returnDays(),
                        0))
                .toList();
        CheckoutRequest.AddressInput address = request.shippingAddress();
        OrderStatus status = request.fulfilment() == Fulfilment.CARRY_OUT ? OrderStatus.PICKED_UP : OrderStatus.PLACED;
        return new Order(
                orderId,
                customerId,
                request.channel(),
                request.fulfilment(),
                locationId,
                status,
                currency,
                total,
                request.points(),
                pointsValue,
                orderLines,
                payments,
                address == null || request.fulfilment() != Fulfilment.SHIP
                        ? null
                        : new Order.Address(
                                address.name(),
                                address.line1(),
                                address.line2(),
                                address.postalCode(),
                                address.city(),
                                address.country()),
                null,
                null,
                null,
                pickupHours,
                null,
                null,
                0,
                false,
                null,
                null);
    }

    private Uni<Order> reserve(Order order, Held held) {
        InventoryApi.HoldRequest hold = new InventoryApi.HoldRequest(
                order.locationId(),
                order.id(),
                holdSeconds,
                order.lines().stream()
                        .map(line -> new InventoryApi.Line(line.sku(), line.quantity()))
                        .toList());
        return services.reserve(hold)
                .invoke(reservation -> held.reservationId = reservation.id())
                .onFailure(Refused.class)
                .transform(failure -> stockRefused((Refused) failure))
                .onFailure(failure -> !(failure instanceof ProblemException))
                .transform(failure -> Failures.unavailable("inventory", failure))
                .map(reservation -> order.withReservation(reservation.id()));
    }

    private static ProblemException stockRefused(Refused refused) {
        if (refused.status() == 409 && refused.problem().containsKey("shortLines")) {
            return ProblemException.conflict(
                    "Not enough stock at the fulfilling location for every line; nothing was ordered",
                    Map.of("shortLines", refused.problem().get("shortLines")));
        }
        return ProblemException.invalid(
                "lines", String.valueOf(refused.problem().getOrDefault("detail", "refused by inventory")));
    }

    private Uni<Void> holdPoints(Order order, Held held) {
        if (order.pointsRedeemed() == 0) {
            return Uni.createFrom().voidItem();
        }
        return services.holdPoints(order.customerId(), order.id(), order.pointsRedeemed(), holdSeconds)
                .invoke(hold -> held.points = true)
                .onFailure(Refused.class)
                .transform(failure -> {
                    Refused refused = (Refused) failure;
                    if (refused.status() == 404) {
                        return ProblemException.invalid("pointsToRedeem", "the customer has no points yet");
                    }
                    Object available = refused.problem().getOrDefault("available", 0);
                    return ProblemException.conflict(
                            "Not enough points available; nothing was ordered", Map.of("availablePoints", available));
                })
                .onFailure(failure -> !(failure instanceof ProblemException))
                .transform(failure -> Failures.unavailable("loyalty", failure))
                .replaceWithVoid();
    }

    private Uni<Response> commit(Caller who, String key, CheckoutRequest request, Order order) {
        Orders.Actor actor = new Orders.Actor(
                who.subject(),
                order.channel().name(),
                who.storeId() != null ? who.storeId() : order.locationId(),
                null);
        return idempotency.run(
                key,
                who.subject() + " POST /api/orders",
                request,
                session -> orders.insert(session, order, actor)
                        .chain(inserted -> {
                            if (!inserted) {
                                throw ProblemException.conflict(
                                        "This order was already placed", Map.of("orderId", order.id()));
                            }
                            Uni<?> events = outbox.append(session, order.id(), OrderEvents.placed(order));
                            if (order.status() == OrderStatus.PICKED_UP) {
                                events = events.chain(
                                        () -> outbox.append(session, order.id(), OrderEvents.pickedUp(order)));
                            }
                            return events;
                        })
                        .chain(() -> orders.find(session, order.id()))
                        .chain(saved -> orders.history(session, order.id())
                                .map(history -> new Idempotency.Outcome(
                                        201, OrderViews.of(saved.orElseThrow(), null, history)))));
    }

    /** Releases what this checkout held; a release that fails is left to the hold's expiry (logged). */
    private Uni<Void> giveBack(String orderId, Held held, Throwable failure) {
        Uni<Void> stock = held.reservationId == null
                ? Uni.createFrom().voidItem()
                : services.releaseStock(held.reservationId, orderId)
                        .replaceWithVoid()
                        .onFailure()
                        .invoke(e -> LOG.warnf(
                                e, "Order %s failed; its stock hold could not be released and will expire", orderId))
                        .onFailure()
                        .recoverWithNull();
        Uni<Void> points = !held.points
                ? Uni.createFrom().voidItem()
                : services.releasePoints(orderId)
                        .replaceWithVoid()
                        .onFailure()
                        .invoke(e -> LOG.warnf(
                                e, "Order %s failed; its points hold could not be released and will expire", orderId))
                        .onFailure()
                        .recoverWithNull();
        return stock.chain(() -> points);
    }
}
