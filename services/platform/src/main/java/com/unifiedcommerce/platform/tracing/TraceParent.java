package com.unifiedcommerce.platform.tracing;

import java.util.Optional;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;

/**
 * The W3C {@code traceparent} of a span (version 00), kept with an outbox row so that the event,
 * published later by the relay, continues the trace of the request that caused it.
 */
public final class TraceParent {

    public static final String HEADER = "traceparent";

    private TraceParent() {}

    /** The current span's traceparent, or null when there is no valid span. */
    public static String current() {
        return of(Span.current().getSpanContext());
    }

    /** The span's traceparent, or null when it is not a valid span. */
    public static String of(Span span) {
        return of(span.getSpanContext());
    }

    static String of(SpanContext context) {
        if (!context.isValid()) {
            return null;
        }
        return "00-" + context.getTraceId() + "-" + context.getSpanId() + "-"
                + context.getTraceFlags().asHex();
    }

    /** The span context a traceparent names, if it is well formed. */
    public static Optional<SpanContext> parse(String traceparent) {
        if (traceparent == null
                || traceparent.length() != 55
                || !traceparent.startsWith("00-")
                || traceparent.charAt(35) != '-'
                || traceparent.charAt(52) != '-') {
            return Optional.empty();
        }
        SpanContext context = SpanContext.createFromRemoteParent(
                traceparent.substring(3, 35),
                traceparent.substring(36, 52),
                TraceFlags.fromHex(traceparent, 53),
                TraceState.getDefault());
        return context.isValid() ? Optional.of(context) : Optional.empty();
    }
}
