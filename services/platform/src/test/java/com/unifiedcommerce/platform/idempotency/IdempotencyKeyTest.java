package com.unifiedcommerce.platform.idempotency;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import jakarta.inject.Inject;

import com.unifiedcommerce.infra.support.InfrastructureTestResource;
import com.unifiedcommerce.platform.jobs.RetentionPurge;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(
        value = InfrastructureTestResource.class,
        initArgs = {@ResourceArg(name = "postgres", value = "platform"), @ResourceArg(name = "keycloak", value = "true")
        })
class IdempotencyKeyTest {

    @Inject
    AgroalDataSource db;

    @Inject
    RetentionPurge purge;

    @Test
    void fiftyConcurrentRepeatsHaveOneEffectAndTheSameAnswer() throws Exception {
        String id = "deposit-" + UUID.randomUUID();
        String key = UUID.randomUUID().toString();
        ExecutorService pool = Executors.newFixedThreadPool(50);
        try {
            List<CompletableFuture<ExtractableResponse<Response>>> calls = IntStream.range(0, 50)
                    .mapToObj(i -> CompletableFuture.supplyAsync(() -> deposit(id, key, 7), pool))
                    .toList();
            List<ExtractableResponse<Response>> answers =
                    calls.stream().map(CompletableFuture::join).toList();
            Set<String> distinct = answers.stream()
                    .map(a -> a.statusCode() + " " + a.body().asString())
                    .collect(Collectors.toSet());
            assertEquals(1, distinct.size(), "every caller got the same answer: " + distinct);
            assertEquals(201, answers.get(0).statusCode());
            assertEquals(id, answers.get(0).path("id"));
            assertEquals(7, (Integer) answers.get(0).path("value"));
        } finally {
            pool.shutdown();
        }
        assertEquals(7, counter(id), "one effect");
        assertEquals(1, events(id), "one event");
    }

    @Test
    void theSameKeyWithAnotherBodyIsRefusedAndChangesNothing() throws Exception {
        String id = "deposit-" + UUID.randomUUID();
        String key = UUID.randomUUID().toString();
        assertEquals(201, deposit(id, key, 5).statusCode());
        given().contentType(ContentType.JSON)
                .header(Idempotency.HEADER, key)
                .body("{\"amount\":6}")
                .when()
                .post("/toy/deposits/{id}", id)
                .then()
                .statusCode(422)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:commerce:problem:idempotency-key-reused"));
        assertEquals(5, counter(id));
    }

    @Test
    void aRepeatIsMarkedAsReplayedAndWithoutAKeyEveryPostIsAnEffect() throws Exception {
        String id = "deposit-" + UUID.randomUUID();
        String key = UUID.randomUUID().toString();
        assertEquals(null, deposit(id, key, 2).header(Idempotency.REPLAYED_HEADER));
        assertEquals("true", deposit(id, key, 2).header(Idempotency.REPLAYED_HEADER));
        deposit(id, null, 2);
        deposit(id, null, 2);
        assertEquals(6, counter(id));
    }

    @Test
    void aRefusedRequestKeepsNoKeySoTheCorrectedOneCanUseIt() throws Exception {
        String id = "deposit-" + UUID.randomUUID();
        String key = UUID.randomUUID().toString();
        assertEquals(400, deposit(id, key, -1).statusCode());
        assertEquals(201, deposit(id, key, 3).statusCode());
        assertEquals(3, counter(id));
    }

    @Test
    void anUnusableKeyIsA400NamingTheHeader() {
        given().contentType(ContentType.JSON)
                .header(Idempotency.HEADER, "x".repeat(300))
                .body("{\"amount\":1}")
                .when()
                .post("/toy/deposits/{id}", "deposit-" + UUID.randomUUID())
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo(Idempotency.HEADER));
    }

    @Test
    void expiredKeysArePurgedAndOnlyThose() throws Exception {
        String expired = "expired-" + UUID.randomUUID();
        String live = "live-" + UUID.randomUUID();
        try (Connection c = db.getConnection();
                PreparedStatement insert = c.prepareStatement(
                        "INSERT INTO idempotency_key"
                                + " (scope, key, request_hash, expires_at) VALUES ('test', ?, 'h', now() + ? * interval '1 hour')")) {
            insert.setString(1, expired);
            insert.setInt(2, -1);
            insert.executeUpdate();
            insert.setString(1, live);
            insert.setInt(2, 1);
            insert.executeUpdate();
        }

        purge.purgeKeys();

        assertEquals(0, count("SELECT count(*) FROM idempotency_key WHERE key = ?", expired));
        assertEquals(1, count("SELECT count(*) FROM idempotency_key WHERE key = ?", live));
    }

    @Test
    void inboxRowsArePurgedAfterTheirRetentionAndNotBefore() throws Exception {
        String consumer = "purge-" + UUID.randomUUID();
        try (Connection c = db.getConnection();
                PreparedStatement insert =
                        c.prepareStatement("INSERT INTO inbox_message (consumer, event_id, received_at)"
                                + " VALUES (?, gen_random_uuid(), now() - ? * interval '1 day')")) {
            insert.setString(1, consumer);
            insert.setInt(2, 15);
            insert.executeUpdate();
            insert.setInt(2, 13);
            insert.executeUpdate();
        }

        purge.purgeInbox();

        assertEquals(
                1,
                count("SELECT count(*) FROM inbox_message WHERE consumer = ?", consumer),
                "the 13-day-old row stays");
    }

    private static ExtractableResponse<Response> deposit(String id, String key, int amount) {
        var request = given().contentType(ContentType.JSON).body("{\"amount\":" + amount + "}");
        if (key != null) {
            request.header(Idempotency.HEADER, key);
        }
        return request.when().post("/toy/deposits/{id}", id).then().extract();
    }

    private int counter(String id) throws Exception {
        return count("SELECT coalesce((SELECT value FROM toy_counter WHERE id = ?), 0)", id);
    }

    private int events(String id) throws Exception {
        return count("SELECT count(*) FROM outbox_event WHERE aggregate_id = ?", id);
    }

    private int count(String sql, String id) throws Exception {
        try (Connection c = db.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }
}
