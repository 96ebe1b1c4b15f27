package com.unifiedcommerce.platform.tracing;

import java.util.List;
import jakarta.inject.Singleton;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Which traces are recorded. A trace a caller started is recorded when the caller recorded it (its
 * traceparent's flag); a trace that starts here is recorded for {@code commerce.tracing.ratio} of
 * requests (1.0 by default; a busy deployment lowers it). A call out that starts a trace of its own
 * is never recorded: that is background work nobody follows (the gateway asking every instance
 * whether it is ready every two seconds, a job's statement), and it would bury the requests' traces.
 */
@Singleton
public class TraceSampler implements Sampler {

    private final Sampler requests;

    public TraceSampler(@ConfigProperty(name = "commerce.tracing.ratio", defaultValue = "1.0") double ratio) {
        this.requests = Sampler.parentBased(Sampler.traceIdRatioBased(ratio));
    }

    @Override
    public SamplingResult shouldSample(
            Context parentContext,
            String traceId,
            String name,
            SpanKind spanKind,
            Attributes attributes,
            List<LinkData> parentLinks) {
        if (spanKind == SpanKind.CLIENT
                && !Span.fromContext(parentContext).getSpanContext().isValid()) {
            return SamplingResult.drop();
        }
        return requests.shouldSample(parentContext, traceId, name, spanKind, attributes, parentLinks);
    }

    @Override
    public String getDescription() {
        return "CommerceSampler{background calls dropped, requests " + requests.getDescription() + "}";
    }
}
