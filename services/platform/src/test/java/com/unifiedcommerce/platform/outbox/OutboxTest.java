package com.unifiedcommerce.platform.outbox;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import jakarta.inject.Inject;

import com.unifiedcommerce.infra.support.DeadLetters;
import com.unifiedcommerce.infra.support.InfrastructureTestResource;
import com.unifiedcommerce.infra.support.TopicReader;
import com.unifiedcommerce.platform.messaging.CloudEventHeaders;
import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(
        value = InfrastructureTestResource.class,
        initArgs = {@ResourceArg(name = "postgres", value = "platform"), @ResourceArg(name = "keycloak", value = "true")
        })
class OutboxTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    OutboxRelay relay;

    @Inject
    AgroalDataSource db;

    @Inject
    MeterRegistry registry;

    @ConfigProperty(name = "toy.topic")
    String topic;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String kafka;

    @Test
    void aCommittedEventIsPublishedAsACloudEventAndLeavesTheOutbox() throws Exception {
        String id = "committed-" + UUID.randomUUID();
        increment(id, "req-outbox-1").statusCode(200).body("value", equalTo(1));
        assertEquals(1, rowsFor(id));

        drainAll();

        ConsumerRecord<String, byte[]> record =
                TopicReader.read(kafka, topic, id::equals, 1, WAIT).get(0);
        assertEquals("ToyCounterIncremented", header(record, CloudEventHeaders.TYPE));
        assertEquals("1.0", header(record, CloudEventHeaders.SPEC_VERSION));
        assertEquals("/commerce/platform-test", header(record, CloudEventHeaders.SOURCE));
        assertEquals(id, header(record, CloudEventHeaders.SUBJECT));
        assertEquals("req-outbox-1", header(record, CloudEventHeaders.REQUEST_ID));
        assertEquals("{\"counterId\":\"" + id + "\",\"value\":1}", new String(record.value(), StandardCharsets.UTF_8));
        assertEquals(0, rowsFor(id));
    }

    @Test
    void aContractsEventGoesToItsTopicWithItsTypeAndSchema() throws Exception {
        String customer = "customer-" + UUID.randomUUID();
        given().when().post("/toy/counters/{id}/promote", customer).then().statusCode(204);

        drainAll();

        ConsumerRecord<String, byte[]> record = TopicReader.read(kafka, "commerce.loyalty", customer::equals, 1, WAIT)
                .get(0);
        assertEquals("TierChanged", header(record, CloudEventHeaders.TYPE));
        assertEquals("urn:commerce:event:TierChanged:v1", header(record, CloudEventHeaders.DATA_SCHEMA));
        assertEquals(
                "{\"customerId\":\"" + customer + "\",\"from\":\"SILVER\",\"to\":\"GOLD\"}",
                new String(record.value(), StandardCharsets.UTF_8));
    }

    @Test
    void anEventAppendedInARolledBackTransactionIsNeverPublished() throws Exception {
        String id = "rolled-back-" + UUID.randomUUID();
        increment(id, "req-fail", true).statusCode(409);
        assertEquals(0, rowsFor(id));
        increment(id, "req-ok").statusCode(200).body("value", equalTo(1));

        drainAll();

        // Had the failed attempt been published, its record (value 1) would come first.
        List<ConsumerRecord<String, byte[]>> records =
                TopicReader.read(kafka, topic, id::equals, 2, Duration.ofSeconds(5));
        assertEquals(1, records.size());
        assertEquals("req-ok", header(records.get(0), CloudEventHeaders.REQUEST_ID));
    }

    @Test
    void aRelayDyingBetweenSendAndDeleteSendsAgainAndTheConsumerAppliesItOnce() throws Exception {
        String id = "crashed-" + UUID.randomUUID();
        increment(id, "req-crash").statusCode(200);

        drainAll(); // whatever other tests left, so the crash below concerns only this event
        increment(id, "req-crash-2").statusCode(200);
        assertThrows(OutboxRelay.SimulatedCrash.class, () -> relay.drainOnce(true));
        assertEquals(1, rowsFor(id), "the row stays until a relay commits");
        drainAll();

        List<ConsumerRecord<String, byte[]>> records = TopicReader.read(kafka, topic, id::equals, 3, WAIT);
        assertEquals(3, records.size(), "first event once, second event twice");
        assertEquals(header(records.get(1), CloudEventHeaders.ID), header(records.get(2), CloudEventHeaders.ID));
        // Two distinct events reached the consumer, one of them twice: the effect counts two.
        awaitEffect(id, 2);
        increment(id, "req-after").statusCode(200);
        drainAll();
        awaitEffect(id, 3);
    }

    @Test
    void anEventThatCanNeverApplyIsDeadLetteredAtOnceAndThePartitionMovesOn() throws Exception {
        String poison = "poison-" + UUID.randomUUID();
        String after = "after-poison-" + UUID.randomUUID();
        double deadBefore = deadLetters();
        increment(poison, "req-poison").statusCode(200);
        increment(after, "req-after-poison").statusCode(200);
        drainAll();

        List<ConsumerRecord<String, byte[]>> dead = TopicReader.read(kafka, topic + ".dlq", poison::equals, 1, WAIT);
        assertEquals(1, dead.size(), "the poison event is on the dead-letter topic");
        assertTrue(header(dead.get(0), "dead-letter-reason").contains("cannot apply " + poison));
        assertEquals(1, ToyCounters.ATTEMPTS.get(poison).get(), "a permanent failure is not retried");
        assertEquals(deadBefore + 1, deadLetters(), "the dead letter is counted for the alerts");
        awaitEffect(after, 1);
        awaitEffect(poison, 0);

        // scripts/dead-letters.sh: the letter is listed with its reason; once its cause is fixed a
        // replay applies it, once, and a second replay has nothing left to publish.
        DeadLetters letters = new DeadLetters(kafka);
        List<String> dlq = List.of(topic + ".dlq");
        DeadLetters.Letter letter = letters.list(dlq).stream()
                .filter(l -> l.reason() != null && l.reason().contains(poison))
                .findFirst()
                .orElseThrow();
        assertEquals(false, letter.replayed());
        assertTrue(letter.from().startsWith(topic), letter.from());
        ToyCounters.CURED.add(poison);
        assertTrue(letters.replay(dlq) >= 1);
        awaitEffect(poison, 1);
        assertEquals(0, letters.replay(dlq), "every letter was replayed already");
        assertTrue(letters.list(dlq).stream().allMatch(DeadLetters.Letter::replayed));
        Thread.sleep(1_000);
        awaitEffect(poison, 1);
    }

    @Test
    void anEventThatFailsForAPassingReasonIsRetriedUntilItAppliesOnceAndIsNeverDeadLettered() throws Exception {
        String flaky = "flaky-" + UUID.randomUUID();
        increment(flaky, "req-flaky").statusCode(200);
        drainAll();
        awaitEffect(flaky, 1);
        assertEquals(
                ToyCounters.FLAKY_FAILURES + 1, ToyCounters.ATTEMPTS.get(flaky).get());
        assertTrue(
                TopicReader.read(kafka, topic + ".dlq", flaky::equals, 1, Duration.ofSeconds(3))
                        .isEmpty(),
                "nothing dead-lettered");
    }

    @Test
    void twoRelaysAtOnceKeepEveryKeysOrder() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String orderTopic = topic + ".order";
        int keys = 100;
        int perKey = 100;
        try (Connection c = db.getConnection();
                PreparedStatement insert = c.prepareStatement("INSERT INTO outbox_event"
                        + " (id, topic, aggregate_id, type, payload)"
                        + " SELECT gen_random_uuid(), ?, ? || (i % ?), 'ToyCounterIncremented',"
                        + " json_build_object('value', i / ?)::text FROM generate_series(0, ? - 1) AS i"
                        + " ORDER BY i")) {
            insert.setString(1, orderTopic);
            insert.setString(2, run + "-");
            insert.setInt(3, keys);
            insert.setInt(4, keys);
            insert.setInt(5, keys * perKey);
            insert.executeUpdate();
        }

        CompletableFuture<Void> first = CompletableFuture.runAsync(this::drainQuietly);
        CompletableFuture<Void> second = CompletableFuture.runAsync(this::drainQuietly);
        CompletableFuture.allOf(first, second).get();
        drainAll();

        List<ConsumerRecord<String, byte[]>> records =
                TopicReader.read(kafka, orderTopic, key -> key.startsWith(run + "-"), keys * perKey, WAIT);
        assertEquals(keys * perKey, records.size());
        Map<String, Integer> last = new HashMap<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            String json = new String(record.value(), StandardCharsets.UTF_8);
            int value = Integer.parseInt(json.replaceAll("\\D", ""));
            int previous = last.getOrDefault(record.key(), -1);
            assertEquals(previous + 1, value, "key " + record.key() + " out of order");
            last.put(record.key(), value);
        }
    }

    private io.restassured.response.ValidatableResponse increment(String id, String requestId) {
        return increment(id, requestId, false);
    }

    private io.restassured.response.ValidatableResponse increment(String id, String requestId, boolean fail) {
        return given().header("X-Request-Id", requestId)
                .queryParam("fail", fail)
                .when()
                .post("/toy/counters/{id}/increment", id)
                .then();
    }

    private double deadLetters() {
        return registry.find("commerce.consumer.dead.letters").counters().stream()
                .mapToDouble(Counter::count)
                .sum();
    }

    private void drainAll() throws Exception {
        while (relay.drainOnce() > 0) {
            // keep going until no shard has rows
        }
    }

    private void drainQuietly() {
        try {
            drainAll();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private int rowsFor(String aggregateId) throws Exception {
        try (Connection c = db.getConnection();
                PreparedStatement count =
                        c.prepareStatement("SELECT count(*) FROM outbox_event WHERE aggregate_id = ?")) {
            count.setString(1, aggregateId);
            try (ResultSet rs = count.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private void awaitEffect(String id, int expected) throws InterruptedException {
        Instant deadline = Instant.now().plus(WAIT);
        int seen = -1;
        while (Instant.now().isBefore(deadline)) {
            seen = Integer.parseInt(given().when()
                    .get("/toy/counters/{id}/effect", id)
                    .then()
                    .statusCode(200)
                    .extract()
                    .asString());
            if (seen == expected) {
                return;
            }
            assertTrue(seen < expected, "effect applied " + seen + " times, more than the " + expected + " events");
            Thread.sleep(100);
        }
        assertEquals(expected, seen);
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        return CloudEventHeaders.read(record.headers(), name);
    }
}
