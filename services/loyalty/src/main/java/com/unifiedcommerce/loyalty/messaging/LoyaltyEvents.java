package com.unifiedcommerce.loyalty.messaging;

import java.util.Set;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.unifiedcommerce.contracts.EventType;
import com.unifiedcommerce.contracts.customers.CustomersMerged;
import com.unifiedcommerce.contracts.orders.OrderCancelled;
import com.unifiedcommerce.contracts.orders.OrderDelivered;
import com.unifiedcommerce.contracts.orders.OrderPickedUp;
import com.unifiedcommerce.contracts.orders.OrderPlaced;
import com.unifiedcommerce.contracts.returns.ReturnAccepted;
import com.unifiedcommerce.loyalty.app.Earning;
import com.unifiedcommerce.loyalty.app.Merging;
import com.unifiedcommerce.loyalty.app.Redemption;
import com.unifiedcommerce.loyalty.app.Reversal;
import com.unifiedcommerce.platform.messaging.Inbox;
import com.unifiedcommerce.platform.messaging.IncomingEvent;
import io.smallrye.mutiny.Uni;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * What orders and returns do to points, applied once per event (inbox) in the transaction of the
 * change: placed captures the points spent, picked up or delivered earns, cancelled releases or
 * gives back, an accepted return reverses. Every transfer also has a unique source, so even an
 * event published twice under two ids moves points once.
 */
@ApplicationScoped
public class LoyaltyEvents {

    static final String ORDERS_CONSUMER = "loyalty-orders";
    static final String RETURNS_CONSUMER = "loyalty-returns";
    static final String CUSTOMERS_CONSUMER = "loyalty-customers";

    @Inject
    Inbox inbox;

    @Inject
    Earning earning;

    @Inject
    Redemption redemption;

    @Inject
    Reversal reversal;

    @Inject
    Merging merging;

    @Inject
    ObjectMapper json;

    @Incoming("orders")
    public Uni<Void> onOrder(ConsumerRecord<String, byte[]> record) {
        return inbox.consume(
                record,
                ORDERS_CONSUMER,
                Set.of(
                        EventType.ORDER_PLACED,
                        EventType.ORDER_PICKED_UP,
                        EventType.ORDER_DELIVERED,
                        EventType.ORDER_CANCELLED),
                // An order placed without spending points (most of them) changes nothing here.
                (type, event) -> type != EventType.ORDER_PLACED
                        || event.payload(json, OrderPlaced.class).pointsRedeemed() > 0,
                this::applyOrder);
    }

    @Incoming("returns")
    public Uni<Void> onReturn(ConsumerRecord<String, byte[]> record) {
        return inbox.consume(
                record,
                RETURNS_CONSUMER,
                Set.of(EventType.RETURN_ACCEPTED),
                (session, type, event) ->
                        reversal.reverse(session, event.payload(json, ReturnAccepted.class), actor(event)));
    }

    @Incoming("customers")
    public Uni<Void> onCustomer(ConsumerRecord<String, byte[]> record) {
        return inbox.consume(
                record,
                CUSTOMERS_CONSUMER,
                Set.of(EventType.CUSTOMERS_MERGED),
                (session, type, event) ->
                        merging.merged(session, event.payload(json, CustomersMerged.class), actor(event)));
    }

    private Uni<?> applyOrder(Mutiny.Session session, EventType type, IncomingEvent event) {
        String actor = actor(event);
        return switch (type) {
            case ORDER_PLACED -> redemption.placed(session, event.payload(json, OrderPlaced.class), actor);
            case ORDER_PICKED_UP -> {
                OrderPickedUp picked = event.payload(json, OrderPickedUp.class);
                yield earning.earn(
                        session,
                        new Earning.Fulfilled(
                                picked.orderId(),
                                picked.customerId(),
                                picked.channel(),
                                picked.locationId(),
                                "PICKED_UP",
                                picked.lines()),
                        actor);
            }
            case ORDER_DELIVERED -> {
                OrderDelivered delivered = event.payload(json, OrderDelivered.class);
                yield earning.earn(
                        session,
                        new Earning.Fulfilled(
                                delivered.orderId(),
                                delivered.customerId(),
                                delivered.channel(),
                                null,
                                "DELIVERED",
                                delivered.lines()),
                        actor);
            }
            case ORDER_CANCELLED -> redemption.cancelled(session, event.payload(json, OrderCancelled.class), actor);
            default -> Uni.createFrom().voidItem();
        };
    }

    /** Who moved the points: the service that published the event. */
    private static String actor(IncomingEvent event) {
        return event.source() == null ? "event" : event.source();
    }
}
