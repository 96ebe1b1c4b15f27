package com.unifiedcommerce.platform.tracing;

import java.util.Collection;
import java.util.concurrent.TimeUnit;
import jakarta.inject.Singleton;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.quarkus.arc.lookup.LookupIfProperty;
import org.jboss.logging.Logger;

/**
 * Writes every finished span as one line of the log (category {@value #CATEGORY}), so a developer
 * reads traces in the applications' logs without running a collector. On by default
 * ({@code commerce.tracing.log=true}, what scripts/run.sh and the tests use); a deployment with an
 * OpenTelemetry collector sets it to false and {@code quarkus.otel.exporter.otlp.traces.endpoint}:
 * while this exporter is visible, Quarkus does not start its OTLP exporter.
 *
 * <p>A line: {@code span trace=<id> span=<id> parent=<id|-> kind=SERVER service=order
 * name="POST /orders" ms=12.3 status=UNSET}, then the attributes that say what it touched.
 */
@Singleton
@LookupIfProperty(name = "commerce.tracing.log", stringValue = "true", lookupIfMissing = true)
public class SpanLog implements SpanExporter {

    public static final String CATEGORY = "commerce.spans";
    private static final Logger LOG = Logger.getLogger(CATEGORY);
    private static final AttributeKey<String> SERVICE = AttributeKey.stringKey("service.name");

    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
        if (!LOG.isInfoEnabled()) {
            return CompletableResultCode.ofSuccess();
        }
        for (SpanData span : spans) {
            LOG.info(line(span));
        }
        return CompletableResultCode.ofSuccess();
    }

    static String line(SpanData span) {
        StringBuilder line = new StringBuilder(160)
                .append("span trace=")
                .append(span.getTraceId())
                .append(" span=")
                .append(span.getSpanId())
                .append(" parent=")
                .append(span.getParentSpanContext().isValid() ? span.getParentSpanId() : "-")
                .append(" kind=")
                .append(span.getKind())
                .append(" service=")
                .append(span.getResource().getAttribute(SERVICE))
                .append(" name=\"")
                .append(span.getName().replace('"', '\''))
                .append("\" ms=")
                .append(String.format(
                        "%.1f",
                        (span.getEndEpochNanos() - span.getStartEpochNanos())
                                / (double) TimeUnit.MILLISECONDS.toNanos(1)))
                .append(" status=")
                .append(span.getStatus().getStatusCode());
        span.getAttributes().forEach((key, value) -> {
            String name = key.getKey();
            if (name.startsWith("http.")
                    || name.startsWith("url.")
                    || name.startsWith("messaging.")
                    || name.startsWith("db.")
                    || name.startsWith("server.")) {
                line.append(' ')
                        .append(name)
                        .append('=')
                        .append(String.valueOf(value).replace(' ', '_'));
            }
        });
        return line.toString();
    }

    @Override
    public CompletableResultCode flush() {
        return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
        return CompletableResultCode.ofSuccess();
    }
}
