package com.unifiedcommerce.loyalty;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import jakarta.inject.Inject;

import com.unifiedcommerce.contracts.EventType;
import com.unifiedcommerce.contracts.Topics;
import com.unifiedcommerce.infra.support.InfrastructureTestResource;
import com.unifiedcommerce.infra.support.LoadRun;
import com.unifiedcommerce.infra.support.TestTokens;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * Points holds per second through the API, and picked-up orders consumed per second (a burst, and
 * at a steady rate with the lag from publishing to the points being credited), each with p50/p99.
 * Run by scripts/bench-loyalty.sh, never by the test suite. Settings: -Dbench.clients,
 * -Dbench.seconds, -Dbench.events, -Dbench.rate.
 */
@QuarkusTest
@WithTestResource(
        value = InfrastructureTestResource.class,
        initArgs = {@ResourceArg(name = "postgres", value = "loyalty"), @ResourceArg(name = "keycloak", value = "true")
        })
class LoyaltyBenchmark {

    private static final int CLIENTS = Integer.getInteger("bench.clients", 32);
    private static final int SECONDS = Integer.getInteger("bench.seconds", 10);
    private static final int EVENTS = Integer.getInteger("bench.events", 10_000);
    private static final int RATE = Integer.getInteger("bench.rate", 100);
    private static final int CUSTOMERS = 2_000;

    @Inject
    DataSource database;

    @ConfigProperty(name = "commerce.keycloak.url")
    String keycloak;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String kafka;

    @ConfigProperty(name = "commerce.test.run-id")
    String runId;

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    @Test
    void holdsAndEarning() throws Exception {
        scene();
        settle();
        String token = new TestTokens(keycloak).service("order");
        String base = RestAssured.baseURI + ":" + RestAssured.port;
        AtomicLong references = new AtomicLong();
        LoadRun.Worker holds = client -> () -> {
            String customer = "bench-" + ThreadLocalRandom.current().nextInt(CUSTOMERS);
            String body = "{\"reference\":\"bench-hold-" + references.incrementAndGet() + "\",\"points\":10}";
            HttpRequest request = HttpRequest.newBuilder(
                            URI.create(base + "/api/loyalty/accounts/" + customer + "/holds"))
                    .header("Authorization", "Bearer " + token)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build();
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 201;
        };
        LoadRun.measure(CLIENTS, SECONDS, holds); // the application's compiler warms up
        LoadRun.report(
                "loyalty",
                "points holds via API over " + CUSTOMERS + " accounts (holds/s)",
                LoadRun.measure(CLIENTS, SECONDS, holds));

        try (KafkaProducer<String, byte[]> producer = producer()) {
            burst(producer, "warm", EVENTS / 4);
            burst(producer, "burst", EVENTS);
            steady(producer);
        }
    }

    /** Publishes {@code count} pickups as fast as the producer goes and waits until every one is credited. */
    private void burst(KafkaProducer<String, byte[]> producer, String name, int count) throws Exception {
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            publish(producer, "bench-" + runId + "-" + name + "-" + i);
        }
        producer.flush();
        waitFor(name, count);
        double seconds = (System.nanoTime() - start) / 1e9;
        if (!name.equals("warm")) {
            System.out.printf(
                    Locale.ROOT,
                    "BENCH loyalty picked-up orders (2 lines) consumed and credited, burst of %d: %.0f events/s%n",
                    count,
                    count / seconds);
        }
    }

    /** Publishes RATE pickups a second for SECONDS; the lag of each is publish to credit. */
    private void steady(KafkaProducer<String, byte[]> producer) throws Exception {
        Map<String, Instant> published = new HashMap<>();
        long interval = 1_000_000_000L / RATE;
        long next = System.nanoTime();
        int count = RATE * SECONDS;
        for (int i = 0; i < count; i++) {
            while (System.nanoTime() < next) {
                Thread.onSpinWait();
            }
            String order = "bench-" + runId + "-steady-" + i;
            published.put(order, Instant.now());
            publish(producer, order);
            producer.flush();
            next += interval;
        }
        waitFor("steady", count);
        List<Long> lags = new ArrayList<>();
        try (Connection connection = database.getConnection();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT order_id, earned_at FROM line_points"
                        + " WHERE order_id LIKE 'bench-" + runId + "-steady-%' AND line_id = 'l1'")) {
            while (rows.next()) {
                Instant credited = rows.getTimestamp(2).toInstant();
                lags.add(Duration.between(published.get(rows.getString(1)), credited)
                        .toNanos());
            }
        }
        long[] sorted = lags.stream().mapToLong(Long::longValue).sorted().toArray();
        System.out.printf(
                Locale.ROOT,
                "BENCH loyalty picked-up orders at a steady %d/s for %d s: publish to points credited p50 %.2f ms,"
                        + " p99 %.2f ms%n",
                RATE,
                SECONDS,
                LoadRun.percentile(sorted, 50) / 1e6,
                LoadRun.percentile(sorted, 99) / 1e6);
    }

    private void publish(KafkaProducer<String, byte[]> producer, String order) {
        String customer = "bench-" + ThreadLocalRandom.current().nextInt(CUSTOMERS);
        String json = LoyaltyScenes.json(LoyaltyScenes.pickedUp(
                order, customer, LoyaltyScenes.line("l1", 2, 5_998, 0), LoyaltyScenes.line("l2", 1, 1_250, 0)));
        ProducerRecord<String, byte[]> record =
                new ProducerRecord<>(Topics.ORDERS, order, json.getBytes(StandardCharsets.UTF_8));
        record.headers().add("ce_id", UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8));
        record.headers().add("ce_type", EventType.ORDER_PICKED_UP.type().getBytes(StandardCharsets.UTF_8));
        record.headers().add("ce_source", "/bench".getBytes(StandardCharsets.UTF_8));
        producer.send(record);
    }

    private void waitFor(String name, int count) throws SQLException, InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(5));
        while (Instant.now().isBefore(deadline)) {
            try (Connection connection = database.getConnection();
                    Statement statement = connection.createStatement();
                    ResultSet rows = statement.executeQuery("SELECT count(*) FROM line_points WHERE order_id LIKE"
                            + " 'bench-" + runId + "-" + name + "-%' AND line_id = 'l1'")) {
                rows.next();
                if (rows.getLong(1) >= count) {
                    return;
                }
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("the " + name + " events were not all credited within 5 minutes");
    }

    /**
     * Waits until the consumer has caught up with what earlier runs left on the topic (the count of
     * credited lines stops moving for two seconds), so it does not compete with the measures.
     */
    private void settle() throws SQLException, InterruptedException {
        long last = -1;
        long seen = count();
        while (seen != last) {
            Thread.sleep(2_000);
            last = seen;
            seen = count();
        }
    }

    private long count() throws SQLException {
        try (Connection connection = database.getConnection();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT count(*) FROM line_points")) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private KafkaProducer<String, byte[]> producer() {
        return new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        kafka,
                        ProducerConfig.ACKS_CONFIG,
                        "all",
                        ProducerConfig.LINGER_MS_CONFIG,
                        5),
                new StringSerializer(),
                new ByteArraySerializer());
    }

    /** CUSTOMERS accounts with a large balance, credited from the adjustments account so the ledger balances. */
    private void scene() throws SQLException {
        try (Connection connection = database.getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("INSERT INTO account (id, kind, customer_id) SELECT 'customer:bench-' || n, 'CUSTOMER',"
                    + " 'bench-' || n FROM generate_series(0, " + (CUSTOMERS - 1) + ") n ON CONFLICT DO NOTHING");
            statement.execute("WITH t AS (INSERT INTO transfer (debit, credit, points, kind, source, actor)"
                    + " SELECT 'program:adjustments', 'customer:bench-' || n, 1000000000, 'ADJUST',"
                    + " 'bench-credit-' || n, 'bench' FROM generate_series(0, " + (CUSTOMERS - 1) + ") n"
                    + " ON CONFLICT (source) DO NOTHING RETURNING credit, points),"
                    + " c AS (UPDATE account a SET balance = a.balance + t.points FROM t WHERE a.id = t.credit)"
                    + " UPDATE account SET balance = balance - (SELECT coalesce(sum(points), 0) FROM t)"
                    + " WHERE id = 'program:adjustments'");
        }
    }
}
