package com.unifiedcommerce.customer.messaging;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.unifiedcommerce.contracts.EventType;
import com.unifiedcommerce.contracts.loyalty.PointsExpiring;
import com.unifiedcommerce.contracts.orders.OrderCancelled;
import com.unifiedcommerce.contracts.orders.OrderReadyForPickup;
import com.unifiedcommerce.contracts.orders.OrderShipped;
import com.unifiedcommerce.contracts.returns.ReturnAccepted;
import com.unifiedcommerce.customer.domain.NotificationKind;
import com.unifiedcommerce.customer.store.NotificationStore;
import com.unifiedcommerce.platform.messaging.IncomingEvent;
import com.unifiedcommerce.platform.messaging.Retrying;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.bson.Document;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Turns the orders, returns and loyalty events a customer should hear about into messages to send
 * ({@link NotificationStore}), once per event: the message's id is the event id and its kind, so
 * a redelivered event records nothing new. Sending happens later (jobs/NotificationSender), so a
 * mail server that is down never holds up this partition. The facts a message needs from the event
 * are kept with it; the pickup code is not among them (it is never in an event): the sender reads
 * it from the order ledger when it writes the message. Anonymous orders (no customer) are nobody's.
 */
@ApplicationScoped
public class NotificationEvents {

    /** The events a message may come from (see {@link #apply}); the topics carry many others. */
    private static final Set<EventType> HEARD = EnumSet.of(
            EventType.ORDER_READY_FOR_PICKUP,
            EventType.ORDER_CANCELLED,
            EventType.ORDER_SHIPPED,
            EventType.RETURN_ACCEPTED,
            EventType.POINTS_EXPIRING);

    @Inject
    NotificationStore store;

    @Inject
    ObjectMapper json;

    @Inject
    Retrying retrying;

    /** How long before the no-show deadline the reminder goes (none when the order waits less). */
    @ConfigProperty(name = "customer.notifications.reminder-before", defaultValue = "PT4H")
    Duration reminderBefore;

    @Incoming("notifications")
    public Uni<Void> onEvent(ConsumerRecord<String, byte[]> record) {
        IncomingEvent event = IncomingEvent.from(record);
        EventType type = EventType.ofType(event.type()).orElse(null);
        if (type == null || !HEARD.contains(type)) {
            return Uni.createFrom().voidItem(); // e.g. every OrderPlaced: acknowledged without a worker hop
        }
        return retrying.handle(
                "customer-notifications",
                event,
                () -> Uni.createFrom()
                        .item(() -> {
                            apply(event, type, Instant.now());
                            return true;
                        })
                        .runSubscriptionOn(Infrastructure.getDefaultWorkerPool()));
    }

    void apply(IncomingEvent event, EventType type, Instant now) {
        switch (type) {
            case ORDER_READY_FOR_PICKUP -> {
                OrderReadyForPickup ready = event.payload(json, OrderReadyForPickup.class);
                Document facts = new Document("locationId", ready.locationId())
                        .append("pickupDeadline", date(ready.pickupDeadline()));
                record(event, NotificationKind.READY_FOR_PICKUP, ready.customerId(), ready.orderId(), facts, now);
                if (ready.pickupDeadline() != null) {
                    Instant remindAt = ready.pickupDeadline().minus(reminderBefore);
                    if (remindAt.isAfter(now)) {
                        record(
                                event,
                                NotificationKind.PICKUP_REMINDER,
                                ready.customerId(),
                                ready.orderId(),
                                facts,
                                remindAt);
                    }
                }
            }
            case ORDER_CANCELLED -> {
                OrderCancelled cancelled = event.payload(json, OrderCancelled.class);
                if (cancelled.reason() == OrderCancelled.Reason.NO_SHOW) {
                    record(
                            event,
                            NotificationKind.NO_SHOW,
                            cancelled.customerId(),
                            cancelled.orderId(),
                            new Document(),
                            now);
                }
            }
            case ORDER_SHIPPED -> {
                OrderShipped shipped = event.payload(json, OrderShipped.class);
                Document facts = new Document("locationId", shipped.locationId())
                        .append("carrier", shipped.carrier())
                        .append("tracking", shipped.tracking());
                record(event, NotificationKind.SHIPPED, shipped.customerId(), shipped.orderId(), facts, now);
            }
            case RETURN_ACCEPTED -> {
                ReturnAccepted accepted = event.payload(json, ReturnAccepted.class);
                List<Document> refunds = accepted.refunds() == null
                        ? List.of()
                        : accepted.refunds().stream()
                                .map(r -> new Document("tender", r.tender().name())
                                        .append("amount", r.amount().amount())
                                        .append("currency", r.amount().currency()))
                                .toList();
                Document facts = new Document("orderId", accepted.orderId())
                        .append("locationId", accepted.locationId())
                        .append("refunds", refunds)
                        .append("pointsRefunded", accepted.pointsRefunded())
                        .append("pointsReversed", accepted.pointsReversed());
                record(event, NotificationKind.RETURN_ACCEPTED, accepted.customerId(), accepted.returnId(), facts, now);
            }
            case POINTS_EXPIRING -> {
                PointsExpiring expiring = event.payload(json, PointsExpiring.class);
                Document facts =
                        new Document("points", expiring.points()).append("expiresBy", date(expiring.expiresBy()));
                record(
                        event,
                        NotificationKind.POINTS_EXPIRING,
                        expiring.customerId(),
                        expiring.customerId(),
                        facts,
                        now);
            }
            default -> {}
        }
    }

    private void record(
            IncomingEvent event,
            NotificationKind kind,
            String customerId,
            String subjectId,
            Document facts,
            Instant due) {
        if (customerId == null) {
            return;
        }
        Date now = new Date();
        store.record(new Document("_id", event.id() + ":" + kind.name())
                .append("customerId", customerId)
                .append("kind", kind.name())
                .append("subjectId", subjectId)
                .append("causeEventId", event.id().toString())
                .append("facts", facts)
                .append("status", NotificationStore.PENDING)
                .append("dueAt", Date.from(due))
                .append("attempts", 0)
                .append("createdAt", now));
    }

    private static Date date(Instant at) {
        return at == null ? null : Date.from(at);
    }
}
