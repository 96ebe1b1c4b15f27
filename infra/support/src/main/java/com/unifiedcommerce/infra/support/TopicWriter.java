package com.unifiedcommerce.infra.support;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.consumer.ConsumerRecord;
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
            for (Map.Entry<String, String> header : headers(key, type, id).entrySet()) {
                record.headers().add(header.getKey(), header.getValue().getBytes(StandardCharsets.UTF_8));
            }
            producer.send(record).get();
            return id;
        } catch (ExecutionException e) {
            throw new IllegalStateException("the broker refused a test event", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing a test event", e);
        }
    }

    /**
     * The record a consumer would receive for such an event, for tests that hand thousands of
     * events straight to a consumer method; the same id twice is a redelivery.
     */
    public static ConsumerRecord<String, byte[]> consumed(String topic, String key, String type, String json, UUID id) {
        ConsumerRecord<String, byte[]> record =
                new ConsumerRecord<>(topic, 0, 0L, key, json.getBytes(StandardCharsets.UTF_8));
        for (Map.Entry<String, String> header : headers(key, type, id).entrySet()) {
            record.headers().add(header.getKey(), header.getValue().getBytes(StandardCharsets.UTF_8));
        }
        return record;
    }

    /** The CloudEvents headers of a test event, in binary mode. */
    private static Map<String, String> headers(String key, String type, UUID id) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("ce_id", id.toString());
        headers.put("ce_specversion", "1.0");
        headers.put("ce_source", "/tests");
        headers.put("ce_type", type);
        headers.put("ce_subject", key);
        headers.put("ce_time", Instant.now().toString());
        headers.put("content-type", "application/json");
        return headers;
    }
}
