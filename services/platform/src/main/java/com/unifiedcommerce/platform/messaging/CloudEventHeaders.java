package com.unifiedcommerce.platform.messaging;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

import com.unifiedcommerce.contracts.EventType;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * CloudEvents 1.0 attributes in Kafka headers (binary content mode): the payload record is the
 * Kafka value, as JSON; the envelope travels as {@code ce_*} headers, one serializer both ways.
 */
public final class CloudEventHeaders {

    public static final String ID = "ce_id";
    public static final String SPEC_VERSION = "ce_specversion";
    public static final String SOURCE = "ce_source";
    public static final String TYPE = "ce_type";
    public static final String SUBJECT = "ce_subject";
    public static final String TIME = "ce_time";
    public static final String DATA_SCHEMA = "ce_dataschema";
    /** Extension attribute: the X-Request-Id of the request that caused the event. */
    public static final String REQUEST_ID = "ce_requestid";

    public static final String CONTENT_TYPE = "content-type";
    public static final String TRACE_PARENT = "traceparent";

    private CloudEventHeaders() {}

    public static void write(
            Headers headers, UUID id, String source, String type, String subject, Instant time, String requestId) {
        put(headers, SPEC_VERSION, "1.0");
        put(headers, ID, id.toString());
        put(headers, SOURCE, source);
        put(headers, TYPE, type);
        put(headers, SUBJECT, subject);
        put(headers, TIME, time.toString());
        put(headers, CONTENT_TYPE, "application/json");
        EventType.ofType(type).ifPresent(known -> put(headers, DATA_SCHEMA, known.dataSchema()));
        if (requestId != null) {
            put(headers, REQUEST_ID, requestId);
        }
    }

    /**
     * The W3C {@code traceparent} header (the distributed-tracing extension of CloudEvents' Kafka
     * binding uses the same name), when the event belongs to a trace.
     */
    public static void writeTraceParent(Headers headers, String traceparent) {
        if (traceparent != null) {
            put(headers, TRACE_PARENT, traceparent);
        }
    }

    /** The value of one attribute, or null when the record does not carry it. */
    public static String read(Headers headers, String name) {
        Header header = headers.lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static void put(Headers headers, String name, String value) {
        headers.remove(name);
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
