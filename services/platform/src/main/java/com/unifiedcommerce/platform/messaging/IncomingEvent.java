package com.unifiedcommerce.platform.messaging;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** A CloudEvent as a consumer sees it: the envelope from the headers, the payload as JSON text. */
public record IncomingEvent(UUID id, String type, String source, String subject, String requestId, String payload) {

    /** The payload as the contract's record; an unreadable payload is a permanent failure (dead-letter topic). */
    public <T> T payload(ObjectMapper json, Class<T> type) {
        try {
            return json.readValue(payload, type);
        } catch (JsonProcessingException e) {
            throw new PermanentFailure(
                    "Event " + id + " (" + this.type + ") is not a readable " + type.getSimpleName(), e);
        }
    }

    /** Reads the envelope; a record without a CloudEvents id is not ours and is refused. */
    public static IncomingEvent from(ConsumerRecord<?, byte[]> record) {
        String id = CloudEventHeaders.read(record.headers(), CloudEventHeaders.ID);
        if (id == null) {
            throw new PermanentFailure("Record at " + record.topic() + "-" + record.partition() + "@" + record.offset()
                    + " has no " + CloudEventHeaders.ID + " header");
        }
        return new IncomingEvent(
                UUID.fromString(id),
                CloudEventHeaders.read(record.headers(), CloudEventHeaders.TYPE),
                CloudEventHeaders.read(record.headers(), CloudEventHeaders.SOURCE),
                CloudEventHeaders.read(record.headers(), CloudEventHeaders.SUBJECT),
                CloudEventHeaders.read(record.headers(), CloudEventHeaders.REQUEST_ID),
                record.value() == null ? null : new String(record.value(), StandardCharsets.UTF_8));
    }
}
