package com.unifiedcommerce.platform.tracing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.samplers.SamplingDecision;
import org.junit.jupiter.api.Test;

class TraceParentTest {

    private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String SPAN = "00f067aa0ba902b7";

    @Test
    void aSpanIsWrittenAndReadBackAsW3cTraceparent() {
        SpanContext context = SpanContext.create(TRACE, SPAN, TraceFlags.getSampled(), TraceState.getDefault());
        String header = TraceParent.of(Span.wrap(context));
        assertEquals("00-" + TRACE + "-" + SPAN + "-01", header);
        SpanContext read = TraceParent.parse(header).orElseThrow();
        assertEquals(TRACE, read.getTraceId());
        assertEquals(SPAN, read.getSpanId());
        assertTrue(read.isSampled());
        assertTrue(read.isRemote());
    }

    @Test
    void noSpanGivesNoHeaderAndMalformedHeadersAreIgnored() {
        assertNull(TraceParent.of(Span.getInvalid()));
        for (String bad : new String[] {
            null,
            "",
            "01-" + TRACE + "-" + SPAN + "-01",
            "00-" + TRACE + "-" + SPAN,
            "00-00000000000000000000000000000000-" + SPAN + "-01",
            "00-" + TRACE + "_" + SPAN + "-01"
        }) {
            assertTrue(TraceParent.parse(bad).isEmpty(), String.valueOf(bad));
        }
    }

    @Test
    void backgroundCallsAreDroppedAndACallersDecisionIsKept() {
        TraceSampler sampler = new TraceSampler(0.0);
        assertEquals(SamplingDecision.DROP, decide(sampler, Context.root(), SpanKind.CLIENT));
        Context sampledCaller = Context.root()
                .with(Span.wrap(SpanContext.createFromRemoteParent(
                        TRACE, SPAN, TraceFlags.getSampled(), TraceState.getDefault())));
        assertEquals(SamplingDecision.RECORD_AND_SAMPLE, decide(sampler, sampledCaller, SpanKind.SERVER));
        assertEquals(SamplingDecision.RECORD_AND_SAMPLE, decide(sampler, sampledCaller, SpanKind.CLIENT));
        assertEquals(SamplingDecision.DROP, decide(sampler, Context.root(), SpanKind.SERVER), "ratio 0");
        assertEquals(
                SamplingDecision.RECORD_AND_SAMPLE, decide(new TraceSampler(1.0), Context.root(), SpanKind.SERVER));
    }

    private static SamplingDecision decide(TraceSampler sampler, Context parent, SpanKind kind) {
        return sampler.shouldSample(parent, TRACE, "x", kind, Attributes.empty(), List.of())
                .getDecision();
    }
}
