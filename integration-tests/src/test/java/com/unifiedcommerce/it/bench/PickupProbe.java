package com.unifiedcommerce.it.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.unifiedcommerce.it.system.RunningSystem;

/**
 * Event to effect, as a customer sees it: bob buys online for pickup at store-001, the associate
 * makes the order ready and hands it over on bob's code, and the time from sending the pickup to
 * the points being credited to bob (OrderPickedUp through the outbox, Kafka and the loyalty
 * consumer) is one sample. The order's points answer says when loyalty credited each line
 * ({@code earnedAt}, taken in the transaction that credits the balance, which commits right after);
 * the machine's one clock serves the probe and PostgreSQL alike. Each sample also keeps when the
 * probe first saw the points, up to one poll late: an upper bound. Several probes can run at once;
 * everything goes through the gateway with real tokens.
 */
final class PickupProbe {

    private static final Duration GIVE_UP = Duration.ofSeconds(10);

    /**
     * How often a probe asks for the points: the upper bound is up to this much late. Every 10 ms,
     * the three probes' polls through the gateway outnumbered the open model's checkouts several
     * times over; every 25 ms they were still about one poll per checkout, most of loyalty's CPU in
     * the open figure. The time the points were credited comes from the answer, not the polling.
     */
    private static final long POLL_MILLIS = 100;

    /** One pickup: nanoseconds from sending it to the points credited, and to the probe seeing them. */
    record Sample(long creditedNanos, long seenNanos) {}

    /** Answers are read with Jackson: RestAssured's JsonPath runs Groovy, a cost of its own in the generator. */
    private static final ObjectMapper JSON = new ObjectMapper();

    private final RunningSystem system;
    private final HttpClient http;
    private final String bob;
    private final String ada;

    /**
     * The probes share bob's and the associate's tokens, signed in once per open-model run (a
     * minute at most, within the tokens' lifetime): Keycloak refuses a burst of concurrent password
     * sign-ins for one user.
     */
    PickupProbe(RunningSystem system, HttpClient http, String bob, String ada) {
        this.system = system;
        this.http = http;
        this.bob = bob;
        this.ada = ada;
    }

    /** One pickup, timed. */
    Sample once() throws Exception {
        String sku = "BENCH-" + ThreadLocalRandom.current().nextInt(50);
        String order = call(
                bob,
                "POST",
                "/api/orders",
                "{\"channel\":\"WEB\",\"fulfilment\":\"PICKUP\","
                        + "\"locationId\":\"store-001\",\"lines\":[{\"sku\":\"" + sku + "\",\"quantity\":1}],"
                        + "\"tenders\":[{\"type\":\"CARD\",\"amount\":{\"amount\":2599,\"currency\":\"EUR\"},"
                        + "\"reference\":\"tok_4242424242424242\"}]}",
                201);
        String id = JSON.readTree(order).path("id").asText();
        call(ada, "POST", "/api/orders/" + id + "/ready", null, 200);
        String code = JSON.readTree(call(bob, "GET", "/api/orders/" + id, null, 200))
                .path("pickup")
                .path("code")
                .asText();
        Instant sentAt = Instant.now();
        long sent = System.nanoTime();
        call(ada, "POST", "/api/orders/" + id + "/pickup", "{\"code\":\"" + code + "\"}", 200);
        Optional<Instant> credited;
        while ((credited = credited(id)).isEmpty()) {
            if (System.nanoTime() - sent > GIVE_UP.toNanos()) {
                throw new IllegalStateException("no points for " + id + " within " + GIVE_UP);
            }
            Thread.sleep(POLL_MILLIS);
        }
        long seen = System.nanoTime() - sent;
        return new Sample(Duration.between(sentAt, credited.get()).toNanos(), seen);
    }

    /** When the order's last line was credited; empty while loyalty has not (404). */
    private Optional<Instant> credited(String orderId) throws Exception {
        HttpResponse<String> answer = http.send(
                builder(bob, "/api/loyalty/orders/" + orderId).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() == 404) {
            return Optional.empty();
        }
        if (answer.statusCode() != 200) {
            throw new IllegalStateException("the order's points answered " + answer.statusCode());
        }
        Instant last = null;
        for (JsonNode line : JSON.readTree(answer.body()).path("lines")) {
            Instant at = Instant.parse(line.path("earnedAt").asText());
            last = last == null || at.isAfter(last) ? at : last;
        }
        if (last == null) {
            throw new IllegalStateException("the order's points have no lines: " + answer.body());
        }
        return Optional.of(last);
    }

    private HttpRequest.Builder builder(String token, String path) {
        return HttpRequest.newBuilder(URI.create(system.gatewayUrl() + path))
                .timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + token);
    }

    private String call(String token, String method, String path, String body, int expected) throws Exception {
        HttpRequest.Builder request = builder(token, path);
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json")
                    .header("Idempotency-Key", UUID.randomUUID().toString())
                    .method(method, HttpRequest.BodyPublishers.ofString(body));
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expected) {
            throw new IllegalStateException(
                    method + " " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }
}
