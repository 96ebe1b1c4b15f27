package com.unifiedcommerce.platform.tracing;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;

/**
 * The producer span of an event the outbox relay publishes: a child of the span that wrote the
 * event (its stored traceparent), sent on as the record's {@code traceparent} header so the
 * consumers' spans (SmallRye Kafka reads that header) are children of it. Events written outside any trace are sent without one.
 */
@ApplicationScoped
public class EventSpans {

    private final Tracer tracer;

    @Inject
    public EventSpans(OpenTelemetry openTelemetry) {
        this.tracer = openTelemetry.getTracer("commerce.outbox");
    }

    /**
     * Starts the span of publishing one event to {@code topic} (the caller ends it and sends
     * {@link TraceParent#of(Span)} as the record's header); an invalid span when the event has no
     * trace.
     */
    public Span publishing(String topic, String traceparent) {
        return TraceParent.parse(traceparent)
                .map(parent -> tracer.spanBuilder(topic + " publish")
                        .setSpanKind(SpanKind.PRODUCER)
                        .setParent(Context.root().with(Span.wrap(parent)))
                        .setAttribute("messaging.system", "kafka")
                        .setAttribute("messaging.destination.name", topic)
                        .setAttribute("messaging.operation", "publish")
                        .startSpan())
                .orElse(Span.getInvalid());
    }
}
