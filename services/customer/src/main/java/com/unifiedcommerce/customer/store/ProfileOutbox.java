package com.unifiedcommerce.customer.store;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import com.unifiedcommerce.contracts.EventType;
import com.unifiedcommerce.platform.messaging.CloudEventHeaders;
import com.unifiedcommerce.platform.outbox.OutboxPublisher;
import com.unifiedcommerce.platform.tracing.EventSpans;
import com.unifiedcommerce.platform.tracing.TraceParent;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.common.annotation.Identifier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.bson.Document;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The customer service's outbox. There are no transactions here, so a profile's events are
 * pushed onto the profile document itself, in the same atomic update as the change
 * ({@link Profiles#update}); this relay publishes them as CloudEvents and only then pulls them off
 * the document. A crash between the two publishes them again: delivery is at least once, and
 * every consumer is idempotent by event id. Several replicas may publish one event twice, never
 * lose it.
 */
@ApplicationScoped
public class ProfileOutbox {

    private static final Logger LOG = Logger.getLogger(ProfileOutbox.class);
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(30);

    @Inject
    Profiles profiles;

    @Inject
    ObjectMapper json;

    @Inject
    EventSpans spans;

    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafkaConfig;

    @ConfigProperty(name = "quarkus.application.name")
    String application;

    @ConfigProperty(name = "customer.outbox.batch", defaultValue = "100")
    int batch;

    private volatile KafkaProducer<String, byte[]> producer;

    /** The event as it waits in a profile's outbox. */
    public Document event(Record payload, String aggregateId) {
        return event(payload, aggregateId, UUID.randomUUID());
    }

    /**
     * The event with an id its cause decides, so that writing it again (a retry after a crash) is
     * the same event for every consumer.
     */
    public Document event(Record payload, String aggregateId, UUID id) {
        EventType type = EventType.of(payload);
        try {
            return new Document("id", id.toString())
                    .append("type", type.type())
                    .append("topic", type.topic())
                    .append("key", aggregateId)
                    .append("payload", json.writeValueAsString(payload))
                    .append("at", Date.from(Instant.now()))
                    .append("traceparent", TraceParent.current());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a " + type.type() + " event could not be written as JSON", e);
        }
    }

    @Scheduled(
            every = "${customer.outbox.every:200ms}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void relay() {
        try {
            publishPending();
        } catch (RuntimeException e) {
            LOG.warnf(e, "Publishing customer events failed; they stay on their profiles for the next run");
        }
    }

    /** Publishes the events of up to one batch of profiles; emits how many events went out. */
    public int publishPending() {
        int sent = 0;
        for (Document profile :
                profiles.customers().find(Filters.eq("pending", true)).limit(batch)) {
            List<Document> events = profile.getList("outbox", Document.class, List.of());
            Object id = profile.get("_id");
            if (!events.isEmpty()) {
                send(events);
                List<String> ids = events.stream().map(e -> e.getString("id")).toList();
                profiles.customers()
                        .updateOne(
                                Filters.eq("_id", id),
                                Updates.pullByFilter(
                                        new Document("outbox", new Document("id", new Document("$in", ids)))));
                sent += events.size();
            }
            // Only an emptied outbox clears the flag: an event pushed meanwhile keeps it set.
            profiles.customers()
                    .updateOne(
                            Filters.and(Filters.eq("_id", id), Filters.size("outbox", 0)),
                            Updates.set("pending", false));
        }
        return sent;
    }

    private void send(List<Document> events) {
        List<Future<RecordMetadata>> acks = new ArrayList<>();
        List<Span> published = new ArrayList<>();
        for (Document event : events) {
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(
                    event.getString("topic"),
                    event.getString("key"),
                    event.getString("payload").getBytes(StandardCharsets.UTF_8));
            CloudEventHeaders.write(
                    record.headers(),
                    UUID.fromString(event.getString("id")),
                    "/commerce/" + application,
                    event.getString("type"),
                    event.getString("key"),
                    event.getDate("at").toInstant(),
                    null);
            Span span = spans.publishing(event.getString("topic"), event.getString("traceparent"));
            published.add(span);
            CloudEventHeaders.writeTraceParent(record.headers(), TraceParent.of(span));
            acks.add(producer().send(record));
        }
        try {
            for (Future<RecordMetadata> ack : acks) {
                ack.get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing customer events", e);
        } catch (Exception e) {
            published.forEach(span -> span.setStatus(StatusCode.ERROR, e.toString()));
            throw new IllegalStateException("the broker did not acknowledge customer events", e);
        } finally {
            published.forEach(Span::end);
        }
    }

    private KafkaProducer<String, byte[]> producer() {
        if (producer == null) {
            synchronized (this) {
                if (producer == null) {
                    producer = OutboxPublisher.reliableProducer(kafkaConfig, "outbox-" + application, SEND_TIMEOUT);
                }
            }
        }
        return producer;
    }

    @PreDestroy
    void close() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
    }
}
