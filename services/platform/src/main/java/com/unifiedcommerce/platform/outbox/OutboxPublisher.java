package com.unifiedcommerce.platform.outbox;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.unifiedcommerce.platform.messaging.CloudEventHeaders;
import com.unifiedcommerce.platform.metrics.EventMetrics;
import com.unifiedcommerce.platform.tracing.EventSpans;
import com.unifiedcommerce.platform.tracing.TraceParent;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.quarkus.arc.properties.IfBuildProperty;
import io.smallrye.common.annotation.Identifier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Sends outbox rows as CloudEvents (binary mode) and returns only once the broker has them all. */
@ApplicationScoped
@IfBuildProperty(name = "commerce.outbox.enabled", stringValue = "true")
public class OutboxPublisher {

    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafkaConfig;

    @ConfigProperty(name = "quarkus.application.name")
    String application;

    @Inject
    EventSpans spans;

    @Inject
    EventMetrics metrics;

    @ConfigProperty(name = "commerce.outbox.send-timeout", defaultValue = "PT30S")
    Duration sendTimeout;

    private KafkaProducer<String, byte[]> producer;

    @PostConstruct
    void connect() {
        producer = reliableProducer(kafkaConfig, "outbox-" + application, sendTimeout);
    }

    /**
     * A producer for events that must not be lost or reordered: every replica acknowledges,
     * retries never duplicate (idempotent producer), order holds per partition; sends block at
     * most {@code sendTimeout}. For outboxes that do not live in PostgreSQL (the customer
     * service's) as much as for this one.
     */
    public static KafkaProducer<String, byte[]> reliableProducer(
            Map<String, Object> kafkaConfig, String clientId, Duration sendTimeout) {
        Map<String, Object> config = new HashMap<>(kafkaConfig);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 2);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) sendTimeout.toMillis());
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(10_000, sendTimeout.toMillis()));
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, sendTimeout.toMillis());
        return new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
    }

    @PreDestroy
    void close() {
        producer.close(Duration.ofSeconds(5));
    }

    /** Sends every event in order; throws if any is not acknowledged, so none may be marked sent. */
    void publish(List<PendingEvent> events) throws ExecutionException, InterruptedException, TimeoutException {
        List<Future<RecordMetadata>> acks = new ArrayList<>(events.size());
        List<Span> published = new ArrayList<>(events.size());
        try {
            for (PendingEvent event : events) {
                ProducerRecord<String, byte[]> record = record(event);
                Span span = spans.publishing(event.topic(), event.traceparent());
                published.add(span);
                CloudEventHeaders.writeTraceParent(record.headers(), TraceParent.of(span));
                acks.add(producer.send(record));
            }
            long deadline = System.nanoTime() + sendTimeout.toNanos();
            for (Future<RecordMetadata> ack : acks) {
                ack.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
            for (PendingEvent event : events) {
                metrics.published(event.type(), event.payload());
            }
        } catch (ExecutionException | InterruptedException | TimeoutException | RuntimeException e) {
            published.forEach(span -> span.setStatus(StatusCode.ERROR, e.toString()));
            throw e;
        } finally {
            published.forEach(Span::end);
        }
    }

    private ProducerRecord<String, byte[]> record(PendingEvent event) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(
                event.topic(), event.aggregateId(), event.payload().getBytes(StandardCharsets.UTF_8));
        CloudEventHeaders.write(
                record.headers(),
                event.id(),
                "/commerce/" + application,
                event.type(),
                event.aggregateId(),
                event.occurredAt(),
                event.requestId());
        return record;
    }
}
