package com.unifiedcommerce.inventory.messaging;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.unifiedcommerce.contracts.EventType;
import com.unifiedcommerce.contracts.inventory.ReservationReleased;
import com.unifiedcommerce.contracts.inventory.StockAdjusted;
import com.unifiedcommerce.contracts.inventory.StockLine;
import com.unifiedcommerce.contracts.orders.OrderCancelled;
import com.unifiedcommerce.contracts.orders.OrderLine;
import com.unifiedcommerce.contracts.orders.OrderPickedUp;
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
 * change: an order picked up or shipped fulfils it, cancelled releases
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
                // Not ORDER_PLACED: checkout holds its stock committed (or commits the hold) before the
                // order is placed, so the event has nothing left to do here; handling it cost a
                // transaction per order.
                Set.of(EventType.ORDER_PICKED_UP, EventType.ORDER_SHIPPED, EventType.ORDER_CANCELLED),
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
            case ORDER_PICKED_UP -> {
                OrderPickedUp picked = event.payload(json, OrderPickedUp.class);
                yield fulfil(session, picked.orderId(), picked.locationId(), picked.lines());
            }
            case ORDER_SHIPPED -> {
                OrderShipped shipped = event.payload(json, OrderShipped.class);
                yield fulfil(session, shipped.orderId(), shipped.locationId(), shipped.lines());
            }
            case ORDER_CANCELLED ->
                release(session, event.payload(json, OrderCancelled.class).orderId());
            default -> Uni.createFrom().voidItem();
        };
    }

    /**
     * The order's units left with the customer: its hold is fulfilled. Without a live hold (given
     * back or expired by mistake) the units left all the same, so on hand goes down anyway and the
     * journal says why; a hold already fulfilled changes nothing.
     */
    private Uni<?> fulfil(Mutiny.Session session, String orderId, String locationId, List<OrderLine> lines) {
        return movements.fulfil(session, orderId, "order").chain(fulfilled -> {
            if (fulfilled) {
                return Uni.createFrom().voidItem();
            }
            Map<String, Integer> units = new TreeMap<>();
            lines.forEach(line -> units.merge(line.sku(), line.quantity(), Integer::sum));
            List<StockLine> taken = units.entrySet().stream()
                    .map(e -> new StockLine(e.getKey(), e.getValue()))
                    .toList();
            return movements
                    .fulfilUnheld(session, orderId, locationId, taken, "order")
                    .invoke(recorded -> {
                        if (recorded) {
                            LOG.warnf(
                                    "Order %s left %s without a live hold; on hand taken as it was",
                                    orderId, locationId);
                        }
                    });
        });
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
