package com.unifiedcommerce.customer.messaging;

import java.io.IOException;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.model.Updates;
import com.unifiedcommerce.contracts.EventType;
import com.unifiedcommerce.customer.store.NotificationStore;
import com.unifiedcommerce.customer.store.ProfileCodec;
import com.unifiedcommerce.customer.store.Profiles;
import com.unifiedcommerce.customer.store.TimelineStore;
import com.unifiedcommerce.platform.messaging.CloudEventHeaders;
import com.unifiedcommerce.platform.messaging.IncomingEvent;
import com.unifiedcommerce.platform.messaging.PermanentFailure;
import com.unifiedcommerce.platform.messaging.Retrying;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.bson.Document;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * The cross-channel timeline: every order, pickup, return, points entry, tier change, consent
 * change and merge of a customer, from the orders, returns, loyalty and customers topics, once
 * per event (the entry's id is the event id). Events of a merged profile land on the survivor.
 * MongoDB calls block, so they run on a worker thread, never on the event loop.
 */
@ApplicationScoped
public class TimelineEvents {

    @Inject
    TimelineStore timeline;

    @Inject
    Profiles profiles;

    @Inject
    NotificationStore notifications;

    @Inject
    ObjectMapper json;

    @Inject
    Retrying retrying;

    @Incoming("timeline")
    public Uni<Void> onEvent(ConsumerRecord<String, byte[]> record) {
        IncomingEvent event = IncomingEvent.from(record);
        EventType type = EventType.ofType(event.type()).orElse(null);
        if (type == null || type.topic().equals(com.unifiedcommerce.contracts.Topics.INVENTORY)) {
            return Uni.createFrom().voidItem();
        }
        String time = CloudEventHeaders.read(record.headers(), CloudEventHeaders.TIME);
        Instant at = time == null ? Instant.ofEpochMilli(record.timestamp()) : Instant.parse(time);
        return retrying.handle(
                "customer-timeline",
                event,
                () -> Uni.createFrom()
                        .item(() -> {
                            apply(event, type, at);
                            return true;
                        })
                        .runSubscriptionOn(Infrastructure.getDefaultWorkerPool()));
    }

    void apply(IncomingEvent event, EventType type, Instant at) {
        JsonNode payload;
        try {
            payload = json.readTree(event.payload());
        } catch (IOException e) {
            throw new PermanentFailure("event " + event.id() + " has an unreadable payload", e);
        }
        String customerId =
                type == EventType.CUSTOMERS_MERGED ? text(payload, "survivorId") : text(payload, "customerId");
        if (customerId == null) {
            return; // an anonymous counter sale: nobody's history
        }
        if (type == EventType.CUSTOMERS_MERGED) {
            timeline.repoint(text(payload, "mergedId"), customerId);
            notifications.repoint(text(payload, "mergedId"), customerId);
        }
        String owner = profiles.owner(customerId);
        if (type == EventType.TIER_CHANGED) {
            profiles.update(owner, null, Updates.set(ProfileCodec.Fields.TIER, text(payload, "to")), List.of());
        }
        Document entry = new Document("_id", event.id().toString())
                .append("customerId", owner)
                .append("type", event.type())
                .append("at", Date.from(at));
        for (String field : List.of("channel", "locationId", "orderId", "returnId")) {
            String value = text(payload, field);
            if (value != null) {
                entry.append(field, value);
            }
        }
        Document detail = detail(type, payload);
        if (!detail.isEmpty()) {
            entry.append("detail", detail);
        }
        timeline.record(entry);
    }

    /** What the entry shows besides where and when: points moved, money, tier, consent, merge. */
    private static Document detail(EventType type, JsonNode payload) {
        Document detail = new Document();
        switch (type) {
            case POINTS_EARNED, POINTS_REDEEMED, POINTS_EXPIRED ->
                detail.append("points", payload.path("points").asLong())
                        .append("balance", payload.path("balance").asLong());
            case POINTS_EXPIRING ->
                detail.append("points", payload.path("points").asLong())
                        .append("expiresBy", text(payload, "expiresBy"));
            case POINTS_REVERSED ->
                detail.append(
                                "points",
                                payload.path("pointsGivenBack").asLong()
                                        - payload.path("pointsTakenBack").asLong())
                        .append("balance", payload.path("balance").asLong());
            case ORDER_PLACED ->
                detail.append("total", payload.path("total").path("amount").asLong())
                        .append("currency", text(payload, "total", "currency"));
            case TIER_CHANGED -> detail.append("from", text(payload, "from")).append("to", text(payload, "to"));
            case CONSENT_CHANGED ->
                detail.append("contactChannel", text(payload, "contactChannel"))
                        .append("granted", payload.path("granted").asBoolean());
            case CUSTOMERS_MERGED -> detail.append("mergedId", text(payload, "mergedId"));
            case NOTIFICATION_SENT ->
                detail.append("kind", text(payload, "kind"))
                        .append("subjectId", text(payload, "subjectId"))
                        .append("outcome", text(payload, "outcome"))
                        .append("contactChannel", text(payload, "contactChannel"))
                        .append("reason", text(payload, "reason"));
            case CUSTOMER_REGISTERED ->
                detail.append("guest", payload.path("guest").asBoolean());
            case ORDER_CANCELLED -> detail.append("reason", text(payload, "reason"));
            default -> {}
        }
        return detail;
    }

    private static String text(JsonNode node, String... path) {
        JsonNode at = node;
        for (String step : path) {
            at = at.path(step);
        }
        return at.isMissingNode() || at.isNull() ? null : at.asText();
    }
}
