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
import io.smallrye.mutiny.Uni;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.hibernate.reactive.mutiny.Mutiny;
import org.jboss.logging.Logger;

/**
 * Accepted returns in the order ledger: returned quantities per line, once per return (inbox, and
 * the return id recorded with the order); an order whose every unit came back is RETURNED.
 */
@ApplicationScoped
public class ReturnsIntoLedger {

    private static final Logger LOG = Logger.getLogger(ReturnsIntoLedger.class);
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
                                        throw new IllegalStateException(
                                                "Return " + accepted.returnId() + " names order " + accepted.orderId()
                                                        + ", which this ledger does not hold");
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
                throw new IllegalStateException("Return " + accepted.returnId() + " names exchange order " + orderId
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
                    int returned = Math.min(line.quantity(), line.returned() + back);
                    if (line.returned() + back > line.quantity()) {
                        LOG.warnf(
                                "Return %s brings back more units of %s line %s than are left; recorded up to the quantity",
                                accepted.returnId(), order.id(), line.lineId());
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
