package com.unifiedcommerce.platform.outbox;

import java.util.Objects;

/**
 * An event a service appends in the transaction of the change it describes.
 *
 * @param topic the aggregate type's topic (see {@code contracts} Topics)
 * @param aggregateId the record key: one aggregate's events stay in order
 * @param type past-tense event type, e.g. {@code OrderPlaced}
 * @param payload a record from {@code contracts}, serialised as JSON
 */
public record OutboxEvent(String topic, String aggregateId, String type, Object payload) {

    public OutboxEvent {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(aggregateId, "aggregateId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(payload, "payload");
    }
}
