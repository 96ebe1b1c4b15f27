package com.unifiedcommerce.inventory.messaging;

import java.util.List;
import java.util.Set;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.unifiedcommerce.contracts.EventType;
import com.unifiedcommerce.contracts.inventory.ReservationReleased;
import com.unifiedcommerce.contracts.inventory.StockAdjusted;
import com.unifiedcommerce.contracts.orders.OrderCancelled;
import com.unifiedcommerce.contracts.orders.OrderPickedUp;
import com.unifiedcommerce.contracts.orders.OrderPlaced;
import com.unifiedcommerce.contracts.orders.OrderShipped;
import com.unifiedcommerce.contracts.returns.ReturnAccepted;
import com.unifiedcommerce.contracts.returns.ReturnLine;
import com.unifiedcommerce.inventory.domain.ReservationStatus;
import com.unifiedcommerce.inventory.store.Movements;
import com.unifiedcommerce.inventory.store.Reservations;
import com.unifiedcommerce.platform.messaging.Inbox;
import com.unifiedcommerce.platform.messaging.IncomingEvent;
import com.unifiedcommerce.platform.outbox.Outbox;
import io.smallrye.mutiny.Uni;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.hibernate.reactive.mutiny.Mutiny;
import org.jboss.logging.Logger;

/**
 * What orders and returns do to stock, applied once per event (inbox) in the transaction of the
 * change: an order placed commits its hold, picked up or shipped fulfils it, cancelled releases
 * it; an accepted return restocks at the location that received it.
 */
@ApplicationScoped
public class StockEvents {

    private static final Logger LOG = Logger.getLogger(StockEvents.class);
    static final String ORDERS_CONSUMER = "inventory-orders";
    static final String RETURNS_CONSUMER = "inventory-returns";

    @Inject
    Inbox inbox;

    @Inject
    Outbox outbox;

    @Inject
    Reservations reservations;

    @Inject
    Movements movements;

    @Inject
    ObjectMapper json;

    /** Where returns sent by mail are received (a DC); returns at a store restock that store. */
    @ConfigProperty(name = "inventory.mail-returns-location")
    String mailReturns;

    @Incoming("orders")
    public Uni<Void> onOrder(ConsumerRecord<String, byte[]> record) {
        return inbox.consume(
                record,
                ORDERS_CONSUMER,
                Set.of(
                        EventType.ORDER_PLACED,
                        EventType.ORDER_PICKED_UP,
                        EventType.ORDER_SHIPPED,
                        EventType.ORDER_CANCELLED),
                this::applyOrder);
    }

    @Incoming("returns")
    public Uni<Void> onReturn(ConsumerRecord<String, byte[]> record) {
        return inbox.consume(
                record,
                RETURNS_CONSUMER,
                Set.of(EventType.RETURN_ACCEPTED),
                (session, type, event) -> restock(session, event.payload(json, ReturnAccepted.class)));
    }

    private Uni<?> applyOrder(Mutiny.Session session, EventType type, IncomingEvent event) {
        return switch (type) {
            case ORDER_PLACED -> {
                OrderPlaced placed = event.payload(json, OrderPlaced.class);
                yield movements.commit(session, placed.orderId()).invoke(committed -> {
                    if (!committed) {
                        LOG.debugf("Order %s placed without a waiting hold here", placed.orderId());
                    }
                });
            }
            case ORDER_PICKED_UP ->
                movements.fulfil(
                        session, event.payload(json, OrderPickedUp.class).orderId(), "order");
            case ORDER_SHIPPED ->
                movements.fulfil(
                        session, event.payload(json, OrderShipped.class).orderId(), "order");
            case ORDER_CANCELLED ->
                release(session, event.payload(json, OrderCancelled.class).orderId());
            default -> Uni.createFrom().voidItem();
        };
    }

    private Uni<?> release(Mutiny.Session session, String orderId) {
        return reservations.byReference(session, orderId).chain(found -> {
            if (found.isEmpty() || !found.get().status().holdsStock()) {
                return Uni.createFrom().voidItem();
            }
            Reservations.Reservation hold = found.get();
            return reservations
                    .giveBack(
                            session,
                            hold.id(),
                            List.of(ReservationStatus.HELD, ReservationStatus.COMMITTED),
                            ReservationStatus.RELEASED,
                            "order-cancelled")
                    .chain(released -> released.isEmpty()
                            ? Uni.createFrom().voidItem()
                            : outbox.append(
                                    session,
                                    hold.locationId(),
                                    new ReservationReleased(
                                            hold.id().toString(),
                                            hold.locationId(),
                                            hold.reference(),
                                            ReservationReleased.Reason.CANCELLED,
                                            hold.lines())));
        });
    }

    private Uni<?> restock(Mutiny.Session session, ReturnAccepted accepted) {
        String location = accepted.locationId() != null ? accepted.locationId() : mailReturns;
        Uni<?> chain = Uni.createFrom().voidItem();
        for (ReturnLine line : accepted.lines()) {
            chain = chain.chain(() -> movements
                    .restock(session, accepted.returnId(), location, line, "returns")
                    .chain(onHand -> onHand.isEmpty() || line.condition() != ReturnLine.Condition.RESELLABLE
                            ? Uni.createFrom().voidItem()
                            : outbox.append(
                                    session,
                                    location + "/" + line.sku(),
                                    new StockAdjusted(
                                            location,
                                            line.sku(),
                                            line.quantity(),
                                            "RETURNED",
                                            onHand.get(),
                                            accepted.returnId(),
                                            "returns"))));
        }
        return chain;
    }
}
