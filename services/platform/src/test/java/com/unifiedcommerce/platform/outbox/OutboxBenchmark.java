package com.unifiedcommerce.platform.outbox;

import static io.restassured.RestAssured.given;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import jakarta.inject.Inject;

import com.unifiedcommerce.infra.support.InfrastructureTestResource;
import com.unifiedcommerce.platform.messaging.CloudEventHeaders;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * Outbox figures for the README, not a test: run by scripts/bench-outbox.sh (surefire skips
 * *Benchmark classes otherwise). Prints relay throughput and commit-to-consume lag.
 */
@QuarkusTest
@TestProfile(RelayWakesOnCommitTest.RelayRunning.class)
@WithTestResource(
        value = InfrastructureTestResource.class,
        initArgs = {@ResourceArg(name = "postgres", value = "platform"), @ResourceArg(name = "keycloak", value = "true")
        })
class OutboxBenchmark {

    private static final int THROUGHPUT_EVENTS = Integer.getInteger("bench.events", 50_000);
    private static final int LAG_EVENTS = Integer.getInteger("bench.lag-events", 2_000);

    @Inject
    AgroalDataSource db;

    @Inject
    OutboxRelay relay;

    @ConfigProperty(name = "toy.topic")
    String topic;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String kafka;

    @Test
    void measure() throws Exception {
        throughput();
        lag();
    }

    /** Events committed in one go; how fast the running relay empties the outbox into Kafka. */
    private void throughput() throws Exception {
        String benchTopic = topic + ".bench";
        Instant committed;
        try (Connection c = db.getConnection();
                PreparedStatement insert = c.prepareStatement("INSERT INTO outbox_event"
                        + " (id, topic, aggregate_id, type, payload)"
                        + " SELECT gen_random_uuid(), ?, 'key-' || (i % 1000), 'BenchEvent',"
                        + " json_build_object('n', i, 'pad', repeat('x', 200))::text FROM generate_series(1, ?) i")) {
            insert.setString(1, benchTopic);
            insert.setInt(2, THROUGHPUT_EVENTS);
            insert.executeUpdate();
            committed = Instant.now();
        }
        relay.written(THROUGHPUT_EVENTS); // as a writer of the service would: the relay starts at once
        while (relay.countPending() > 0) {
            Thread.sleep(20);
        }
        Duration took = Duration.between(committed, Instant.now());
        System.out.printf(
                "BENCH outbox throughput: %d events (~300 B, 1000 keys) published in %d ms = %.0f events/s%n",
                THROUGHPUT_EVENTS, took.toMillis(), THROUGHPUT_EVENTS * 1000.0 / Math.max(1, took.toMillis()));
    }

    /** One event per request through the toy service at a steady rate; lag from commit to consumer. */
    private void lag() throws Exception {
        String key = "lag-" + UUID.randomUUID();
        // The topic must exist before the consumer positions itself at its end.
        given().when().post("/toy/counters/{id}/increment", "warm-up").then().statusCode(200);
        while (relay.countPending() > 0) {
            Thread.sleep(20);
        }
        CountDownLatch positioned = new CountDownLatch(1);
        CompletableFuture<List<Long>> lags = CompletableFuture.supplyAsync(() -> consumeLags(key, positioned));
        positioned.await(); // the consumer reads from the current end, so it sees every event below
        for (int i = 0; i < LAG_EVENTS; i++) {
            given().when().post("/toy/counters/{id}/increment", key).then().statusCode(200);
            Thread.sleep(5);
        }
        List<Long> micros = lags.get();
        Collections.sort(micros);
        System.out.printf(
                "BENCH outbox commit-to-consume lag over %d events: p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                micros.size(),
                percentile(micros, 0.50) / 1000.0,
                percentile(micros, 0.99) / 1000.0,
                micros.get(micros.size() - 1) / 1000.0);
    }

    private List<Long> consumeLags(String key, CountDownLatch positioned) {
        List<Long> lags = new ArrayList<>();
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka,
                ConsumerConfig.GROUP_ID_CONFIG,
                "bench-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "latest",
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG,
                10);
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);
            positioned.countDown();
            Instant deadline = Instant.now().plus(Duration.ofMinutes(5));
            while (lags.size() < LAG_EVENTS && Instant.now().isBefore(deadline)) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(50))) {
                    if (key.equals(record.key())) {
                        Instant time = Instant.parse(CloudEventHeaders.read(record.headers(), CloudEventHeaders.TIME));
                        lags.add(Duration.between(time, Instant.now()).toNanos() / 1000);
                    }
                }
            }
        }
        return lags;
    }

    private static long percentile(List<Long> sorted, double p) {
        return sorted.get((int) Math.min(sorted.size() - 1, Math.round(p * (sorted.size() - 1))));
    }
}
