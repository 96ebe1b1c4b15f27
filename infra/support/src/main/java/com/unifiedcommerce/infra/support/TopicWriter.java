package com.unifiedcommerce.infra.support;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes an event the way another service's outbox would (CloudEvents binary mode: ce_* headers,
 * JSON value), so a consumer can be tested with the records it will really receive.
 */
public final class TopicWriter {

    private TopicWriter() {}

    /** Sends one event and waits for the broker's acknowledgement; returns its CloudEvents id. */
    public static UUID publish(String bootstrap, String topic, String key, String type, String json) {
        return publish(bootstrap, topic, key, type, json, UUID.randomUUID());
    }

    /** The same, with a chosen id: sending one id twice is how a redelivery looks. */
    public static UUID publish(String bootstrap, String topic, String key, String type, String json, UUID id) {
        Map<String, Object> config =
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer())) {
            ProducerRecord<String, byte[]> record =
                    new ProducerRecord<>(topic, key, json.getBytes(StandardCharsets.UTF_8));
            header(record, "ce_id", id.toString());
            header(record, "ce_specversion", "1.0");
            header(record, "ce_source", "/tests");
            header(record, "ce_type", type);
            header(record, "ce_subject", key);
            header(record, "ce_time", Instant.now().toString());
            header(record, "content-type", "application/json");
            producer.send(record).get();
            return id;
        } catch (ExecutionException e) {
            throw new IllegalStateException("the broker refused a test event", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing a test event", e);
        }
    }

    private static void header(ProducerRecord<String, byte[]> record, String name, String value) {
        record.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
