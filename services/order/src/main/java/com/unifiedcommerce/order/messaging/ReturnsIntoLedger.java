package com.unifiedcommerce.order.messaging;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.unifiedcommerce.contracts.EventType;
import com.unifiedcommerce.contracts.returns.ReturnAccepted;
import com.unifiedcommerce.contracts.returns.ReturnLine;
import com.unifiedcommerce.order.app.Lifecycle;
import com.unifiedcommerce.order.domain.Order;
import com.unifiedcommerce.order.domain.OrderStatus;
import com.unifiedcommerce.order.store.Orders;
import com.unifiedcommerce.platform.messaging.Inbox;
import com.unifiedcommerce.platform.messaging.PermanentFailure;
import io.smallrye.mutiny.Uni;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Accepted returns in the order ledger: returned quantities per line, once per return (inbox, and
 * the return id recorded with the order); an order whose every unit came back is RETURNED.
 */
@ApplicationScoped
public class ReturnsIntoLedger {

    static final String CONSUMER = "order-returns";

    @Inject
    Inbox inbox;

    @Inject
    Orders orders;

    @Inject
    ObjectMapper json;

    @Inject
    Lifecycle lifecycle;

    @Incoming("returns")
    public Uni<Void> onReturn(ConsumerRecord<String, byte[]> record) {
        return inbox.consume(
                record,
                CONSUMER,
                Set.of(EventType.RETURN_ACCEPTED),
                (session, type, event) -> apply(session, event.payload(json, ReturnAccepted.class), event.source()));
    }

    private Uni<?> apply(Mutiny.Session session, ReturnAccepted accepted, String source) {
        return orders.recordReturn(session, accepted.returnId(), accepted.orderId())
                .chain(first -> !first
                        ? Uni.createFrom().voidItem()
                        : orders.lock(session, accepted.orderId())
                                .chain(found -> {
                                    if (found.isEmpty()) {
                                        throw new PermanentFailure("Return " + accepted.returnId() + " names order "
                                                + accepted.orderId() + ", which this ledger does not hold");
                                    }
                                    return record(session, found.get(), accepted, source);
                                })
                                .chain(() -> handOver(session, accepted)));
    }

    /** An exchange's replacement order waits for its return; now it is handed over. */
    private Uni<Void> handOver(Mutiny.Session session, ReturnAccepted accepted) {
        if (accepted.exchange() == null) {
            return Uni.createFrom().voidItem();
        }
        String orderId = accepted.exchange().orderId();
        return orders.lock(session, orderId).chain(found -> {
            if (found.isEmpty()) {
                throw new PermanentFailure("Return " + accepted.returnId() + " names exchange order " + orderId
                        + ", which this ledger does not hold");
            }
            return lifecycle.handOverExchange(session, found.get(), accepted.returnId(), accepted.locationId());
        });
    }

    private Uni<?> record(Mutiny.Session session, Order order, ReturnAccepted accepted, String source) {
        Map<String, Integer> units = new HashMap<>();
        for (ReturnLine line : accepted.lines()) {
            units.merge(line.orderLineId(), line.quantity(), Integer::sum);
        }
        List<Order.Line> lines = order.lines().stream()
                .map(line -> {
                    int back = units.getOrDefault(line.lineId(), 0);
                    int returned = line.returned() + back;
                    if (returned > line.quantity()) {
                        // The returns service counts units in one guarded statement; more than was sold
                        // means the ledgers disagree: nothing is recorded, and the event waits on the
                        // dead-letter topic for someone to look.
                        throw new PermanentFailure("Return " + accepted.returnId() + " brings back " + back
                                + " units of " + order.id() + " line " + line.lineId() + ", of which only "
                                + (line.quantity() - line.returned()) + " are not returned yet");
                    }
                    return new Order.Line(
                            line.lineId(),
                            line.sku(),
                            line.name(),
                            line.quantity(),
                            line.unitPrice(),
                            line.total(),
                            line.points(),
                            line.paid(),
                            line.returnable(),
                            line.returnDays(),
                            returned);
                })
                .toList();
        Order changed = order.withLines(lines);
        if (changed.unitsKept() == 0 && order.status().canBecome(OrderStatus.RETURNED)) {
            changed = changed.with(OrderStatus.RETURNED);
        }
        return orders.update(
                session,
                changed,
                order.status(),
                new Orders.Actor(
                        source == null ? "returns" : source,
                        accepted.channel() == null ? null : accepted.channel().name(),
                        accepted.locationId(),
                        "return " + accepted.returnId()));
    }
}
