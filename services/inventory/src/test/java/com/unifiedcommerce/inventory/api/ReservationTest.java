package com.unifiedcommerce.inventory.api;

import static com.unifiedcommerce.inventory.api.InventoryTestSupport.as;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.unifiedcommerce.contracts.Topics;
import com.unifiedcommerce.contracts.inventory.StockLine;
import com.unifiedcommerce.contracts.inventory.StockReserved;
import com.unifiedcommerce.infra.support.InfrastructureTestResource;
import com.unifiedcommerce.infra.support.TopicReader;
import com.unifiedcommerce.inventory.jobs.HoldExpiry;
import com.unifiedcommerce.platform.messaging.CloudEventHeaders;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Holds under contention, retries, refusals, release and expiry, against real PostgreSQL. */
@QuarkusTest
@WithTestResource(
        value = InfrastructureTestResource.class,
        initArgs = {
            @ResourceArg(name = "postgres", value = "inventory"),
            @ResourceArg(name = "keycloak", value = "true")
        })
class ReservationTest {

    private static final String PROBLEM = "application/problem+json";

    @ConfigProperty(name = "commerce.test.run-id")
    String runId;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String kafka;

    @Inject
    DataSource database;

    @Inject
    HoldExpiry expiry;

    @Inject
    ObjectMapper json;

    private String service;

    @BeforeEach
    void scene() {
        InventoryTestSupport.twoStores();
        service = InventoryTestSupport.tokens().service("order");
    }

    private String sku(String name) {
        String sku = name + "-" + runId.toUpperCase();
        InventoryTestSupport.item(sku, 1_000);
        return sku;
    }

    private Response hold(String token, String reference, Object lines) {
        return hold(token, reference, lines, 0, null);
    }

    private static List<Map<String, Object>> line(String sku, int quantity) {
        return List.of(Map.of("sku", sku, "quantity", quantity));
    }

    /** The service that took the hold gives it back (a checkout undone, an order cancelled). */
    private void releasedByTheOrderLedger(String id) {
        given().auth()
                .oauth2(service)
                .post("/api/reservations/" + id + "/release")
                .then()
                .statusCode(200)
                .body("status", equalTo("RELEASED"));
    }

    /** Moves the reference's hold past its deadline, as if its time to live had run out. */
    private void pastItsDeadline(String reference) throws Exception {
        try (Connection connection = database.getConnection();
                PreparedStatement due = connection.prepareStatement(
                        "UPDATE reservation SET expires_at = now() - interval '1 second' WHERE reference = ?")) {
            due.setString(1, reference);
            assertEquals(1, due.executeUpdate());
        }
    }

    private int available(String sku) {
        return as("root").get("/api/stock/store-001/" + sku).then().extract().path("available");
    }

    @Test
    void twoHundredConcurrentHoldsOfOneUnitOnTenSucceedExactlyTenTimes() throws Exception {
        String sku = sku("HOT");
        InventoryTestSupport.receive("store-001", sku, 10);
        ExecutorService pool = Executors.newFixedThreadPool(32);
        try {
            List<Future<Response>> answers = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                String reference = "hot-" + runId + "-" + i;
                answers.add(pool.submit(() -> hold(service, reference, line(sku, 1))));
            }
            InventoryTestSupport.Race race = InventoryTestSupport.tally(answers, sku);
            assertEquals(10, race.taken(), "exactly the units there are");
            assertEquals(
                    190, race.shortWithNothingLeft(), "everyone else is told the line is short, with nothing left");
        } finally {
            pool.shutdownNow();
        }
        as("root")
                .get("/api/stock/store-001/" + sku)
                .then()
                .body("reserved", equalTo(10))
                .body("available", equalTo(0))
                .body("onHand", equalTo(10));
        as("root").get("/api/inventory/invariants").then().statusCode(200).body("holds", equalTo(true));
    }

    @Test
    void multiLineHoldsUnderContentionLeaveNoPartialHoldBehind() throws Exception {
        String a = sku("PAIR-A");
        String b = sku("PAIR-B");
        InventoryTestSupport.receive("store-001", a, 5);
        InventoryTestSupport.receive("store-001", b, 3);
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                String reference = "pair-" + runId + "-" + i;
                // Half list the lines one way round, half the other: locks are still taken in SKU order.
                List<Map<String, Object>> lines = i % 2 == 0
                        ? List.of(Map.of("sku", a, "quantity", 1), Map.of("sku", b, "quantity", 1))
                        : List.of(Map.of("sku", b, "quantity", 1), Map.of("sku", a, "quantity", 1));
                answers.add(pool.submit(() -> hold(service, reference, lines).statusCode()));
            }
            long held = 0;
            for (Future<Integer> answer : answers) {
                int status = answer.get();
                assertTrue(status == 201 || status == 409, "only held or refused, got " + status);
                held += status == 201 ? 1 : 0;
            }
            assertEquals(3, held, "as many pairs as the scarcer SKU allows");
        } finally {
            pool.shutdownNow();
        }
        as("root").get("/api/stock/store-001/" + a).then().body("reserved", equalTo(3));
        as("root").get("/api/stock/store-001/" + b).then().body("reserved", equalTo(3));
    }

    @Test
    void theSameReferenceHoldsOnceAndAnotherLineSetIsRefused() {
        String sku = sku("RETRY");
        InventoryTestSupport.receive("store-001", sku, 5);
        String reference = "ord-retry-" + runId;
        String id = hold(service, reference, line(sku, 2))
                .then()
                .statusCode(201)
                .body("status", equalTo("HELD"))
                .extract()
                .path("id");
        hold(service, reference, line(sku, 2)).then().statusCode(200).body("id", equalTo(id));
        hold(service, reference, line(sku, 3)).then().statusCode(409).contentType(PROBLEM);
        assertEquals(3, available(sku));
    }

    /**
     * The hold statement keeps the answer under the Idempotency-Key itself, adding the times only it
     * knows: a repeat with the key gets that answer back, on the first hold's path (one statement)
     * and on a newer attempt's (the reference had held before), and the key with another request is
     * refused.
     */
    @Test
    void aRepeatWithItsKeyGetsTheFirstAnswerBack() {
        String sku = sku("KEY");
        InventoryTestSupport.receive("store-001", sku, 5);
        String reference = "ord-key-" + runId;
        for (int attempt = 1; attempt <= 2; attempt++) {
            String key = "hold-" + attempt + "-" + runId;
            Response first = hold(service, reference, line(sku, 2), attempt, key);
            first.then().statusCode(201);
            Response again = hold(service, reference, line(sku, 2), attempt, key);
            again.then().statusCode(201).header("Idempotent-Replayed", "true");
            for (String field : List.of("id", "locationId", "reference", "status", "lines", "attempt")) {
                Object was = first.path(field);
                assertEquals(was, again.path(field), field);
            }
            for (String time : List.of("expiresAt", "createdAt", "updatedAt")) {
                String was = first.path(time);
                String replayed = again.path(time);
                assertEquals(Instant.parse(was), Instant.parse(replayed), time);
            }
        }
        assertEquals(3, available(sku), "the newer attempt's hold replaced the older one's");
        hold(service, reference, line(sku, 1), 2, "hold-2-" + runId).then().statusCode(422);
        assertEquals(3, available(sku));
    }

    private Response hold(String token, String reference, Object lines, int attempt, String key) {
        var request = given().auth().oauth2(token).contentType("application/json");
        if (key != null) {
            request.header("Idempotency-Key", key);
        }
        return request.body(
                        Map.of("locationId", "store-001", "reference", reference, "lines", lines, "attempt", attempt))
                .post("/api/reservations");
    }

    /**
     * A checkout refused and retried (even with a key whose answer was stored) holds again as its
     * next attempt: a released hold is never handed back as if it held, the new attempt gets a
     * fresh one, and the attempt whose hold was given back cannot hold again.
     */
    @Test
    void aReferenceWhoseHoldWasGivenBackHoldsAFreshOneAndNeverGetsTheOldOneBack() {
        String sku = sku("AGAIN");
        InventoryTestSupport.receive("store-001", sku, 5);
        String reference = "ord-again-" + runId;
        String first = hold(service, reference, line(sku, 2), 1, "k-" + runId)
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        given().auth()
                .oauth2(service)
                .post("/api/reservations/references/" + reference + "/release?attempt=1")
                .then()
                .statusCode(200)
                .body("status", equalTo("RELEASED"));
        assertEquals(5, available(sku));
        // The same attempt again, even without its key: refused. Its hold was given back (by its own
        // undo, or by the order's sweep while it still ran), so a late step of it takes no stock.
        hold(service, reference, line(sku, 2), 1, null).then().statusCode(409).body("superseded", equalTo(true));
        assertEquals(5, available(sku));
        // The next attempt holds afresh, never the released hold, and the older attempt cannot any more.
        String second = hold(service, reference, line(sku, 1), 2, null)
                .then()
                .statusCode(201)
                .body("status", equalTo("HELD"))
                .body("attempt", equalTo(2))
                .extract()
                .path("id");
        assertTrue(!second.equals(first), "a new hold");
        hold(service, reference, line(sku, 2), 1, null).then().statusCode(409).body("superseded", equalTo(true));
        given().auth()
                .oauth2(service)
                .post("/api/reservations/references/" + reference + "/release?attempt=1")
                .then()
                .statusCode(409)
                .body("superseded", equalTo(true));
        assertEquals(4, available(sku), "the second attempt's unit is still held");
    }

    /** An attempt's hold left behind by an attempt given up for dead is given back when the next one holds. */
    @Test
    void aNewerAttemptReplacesTheLiveHoldOfAnOlderOne() {
        String sku = sku("NEWER");
        InventoryTestSupport.receive("store-001", sku, 5);
        String reference = "ord-newer-" + runId;
        hold(service, reference, line(sku, 3), 1, null).then().statusCode(201);
        assertEquals(2, available(sku));
        hold(service, reference, line(sku, 1), 2, null)
                .then()
                .statusCode(201)
                .body("attempt", equalTo(2))
                .body("lines[0].quantity", equalTo(1));
        assertEquals(4, available(sku));
    }

    /** A committed hold belongs to a placed order: only the order ledger that took it gives it back. */
    @Test
    void aCommittedHoldIsReleasedOnlyByTheServiceThatTookIt() {
        String sku = sku("COMMIT");
        InventoryTestSupport.receive("store-001", sku, 3);
        String id = hold(service, "ord-commit-" + runId, line(sku, 1))
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        as("ada").post("/api/reservations/" + id + "/commit").then().statusCode(403);
        for (int i = 0; i < 2; i++) {
            given().auth()
                    .oauth2(service)
                    .post("/api/reservations/" + id + "/commit")
                    .then()
                    .statusCode(200)
                    .body("status", equalTo("COMMITTED"));
        }
        as("ada")
                .post("/api/reservations/" + id + "/release")
                .then()
                .statusCode(409)
                .contentType(PROBLEM);
        as("root").post("/api/reservations/" + id + "/release").then().statusCode(409);
        assertEquals(2, available(sku), "still held for the order");
        releasedByTheOrderLedger(id);
        assertEquals(3, available(sku));
        given().auth()
                .oauth2(service)
                .post("/api/reservations/" + id + "/commit")
                .then()
                .statusCode(409);
    }

    /**
     * Checkout takes its hold committed in one call: it never expires, only services may ask for
     * it, and the service that took it still gives it back (a checkout undone).
     */
    @Test
    void aHoldTakenCommittedAtOnceDoesNotExpireAndOnlyServicesTakeOne() throws Exception {
        String sku = sku("ATONCE");
        InventoryTestSupport.receive("store-001", sku, 3);
        String reference = "ord-atonce-" + runId;
        Map<String, Object> request =
                Map.of("locationId", "store-001", "reference", reference, "lines", line(sku, 2), "committed", true);
        as("ada")
                .contentType("application/json")
                .body(request)
                .post("/api/reservations")
                .then()
                .statusCode(400)
                .contentType(PROBLEM)
                .body("errors[0].field", equalTo("committed"));
        assertEquals(3, available(sku), "a refused hold holds nothing");
        String id = given().auth()
                .oauth2(service)
                .contentType("application/json")
                .body(request)
                .post("/api/reservations")
                .then()
                .statusCode(201)
                .body("status", equalTo("COMMITTED"))
                .extract()
                .path("id");
        assertEquals(1, available(sku));
        pastItsDeadline(reference);
        expiry.expireDue().await().atMost(Duration.ofSeconds(10));
        assertEquals(1, available(sku), "a committed hold does not expire");
        releasedByTheOrderLedger(id);
        assertEquals(3, available(sku));
    }

    /**
     * The saga's repeats of one committed hold (a lost answer retried, with and without its key,
     * arriving together) hold the units once: one row, one id, the invariants intact.
     */
    @Test
    void concurrentRepeatsOfACommittedHoldHoldOnce() throws Exception {
        String sku = sku("RACE");
        InventoryTestSupport.receive("store-001", sku, 5);
        String reference = "ord-race-" + runId;
        Map<String, Object> request = Map.of(
                "locationId",
                "store-001",
                "reference",
                reference,
                "lines",
                line(sku, 2),
                "attempt",
                1,
                "committed",
                true);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Response> answers = new ArrayList<>();
        try {
            List<Future<Response>> sent = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                String key = i % 2 == 0 ? "race-" + runId : null;
                sent.add(pool.submit(() -> {
                    var post = given().auth().oauth2(service).contentType("application/json");
                    if (key != null) {
                        post.header("Idempotency-Key", key);
                    }
                    return post.body(request).post("/api/reservations");
                }));
            }
            for (Future<Response> answer : sent) {
                answers.add(answer.get());
            }
        } finally {
            pool.shutdownNow();
        }
        String id = answers.get(0).path("id");
        for (Response answer : answers) {
            assertTrue(answer.statusCode() == 200 || answer.statusCode() == 201, "answered " + answer.statusCode());
            assertEquals(id, answer.path("id"), "every repeat answers the one hold");
            assertEquals("COMMITTED", answer.path("status"));
        }
        assertEquals(3, available(sku), "the two units are held once");
        try (Connection connection = database.getConnection();
                PreparedStatement holds =
                        connection.prepareStatement("SELECT count(*) FROM reservation WHERE reference = ?")) {
            holds.setString(1, reference);
            var rows = holds.executeQuery();
            rows.next();
            assertEquals(1, rows.getInt(1));
        }
        as("root").get("/api/inventory/invariants").then().statusCode(200).body("holds", equalTo(true));
    }

    @Test
    void aShortHoldNamesEachShortLineWithWhatIsAvailable() {
        String plenty = sku("PLENTY");
        String scarce = sku("SCARCE");
        InventoryTestSupport.receive("store-001", plenty, 10);
        InventoryTestSupport.receive("store-001", scarce, 1);
        hold(
                        service,
                        "ord-short-" + runId,
                        List.of(Map.of("sku", plenty, "quantity", 2), Map.of("sku", scarce, "quantity", 2)))
                .then()
                .statusCode(409)
                .contentType(PROBLEM)
                .body("shortLines.size()", equalTo(1))
                .body("shortLines[0].sku", equalTo(scarce))
                .body("shortLines[0].requested", equalTo(2))
                .body("shortLines[0].available", equalTo(1));
        assertEquals(10, available(plenty), "the line that fitted was not held either");
    }

    /**
     * The hold statement writes its key with the answer it is about to give: a refused hold must
     * leave no key behind, so the same request with the same key holds once the stock is there.
     */
    @Test
    void aRefusedHoldKeepsNothingUnderItsKey() {
        String sku = sku("KEYSHORT");
        InventoryTestSupport.receive("store-001", sku, 1);
        String reference = "ord-keyshort-" + runId;
        String key = "keyshort-" + runId;
        hold(service, reference, line(sku, 2), 1, key).then().statusCode(409).contentType(PROBLEM);
        InventoryTestSupport.receive("store-001", sku, 1);
        Response held = hold(service, reference, line(sku, 2), 1, key);
        held.then().statusCode(201).header("Idempotent-Replayed", nullValue());
        assertEquals(0, available(sku));
        hold(service, reference, line(sku, 2), 1, key)
                .then()
                .statusCode(201)
                .header("Idempotent-Replayed", "true")
                .body("id", equalTo(held.path("id")));
        assertEquals(0, available(sku));
    }

    /**
     * Checkout prices from a remembered item master and sends the versions it priced with: a hold
     * priced with a version that is no longer current is refused and holds nothing.
     */
    @Test
    void aHoldPricedWithAnItemVersionNoLongerCurrentIsRefusedAndHoldsNothing() {
        String sku = sku("REPRICED");
        InventoryTestSupport.receive("store-001", sku, 5);
        String priced = as("root").get("/api/items/" + sku).then().extract().path("updatedAt");
        InventoryTestSupport.item(sku, 1_200); // the price changes after checkout read it
        String current = as("root").get("/api/items/" + sku).then().extract().path("updatedAt");
        String reference = "ord-repriced-" + runId;
        holdPriced(reference, sku, Map.of(sku, priced))
                .then()
                .statusCode(409)
                .contentType(PROBLEM)
                .body("changedItems", equalTo(List.of(sku)));
        assertEquals(5, available(sku), "nothing was held");

        holdPriced(reference, sku, Map.of(sku, current)).then().statusCode(201);
        assertEquals(3, available(sku));

        // Versions for SKUs that are not lines, and unreadable versions, are bad requests.
        String other = "ord-repriced-other-" + runId;
        holdPriced(other, sku, Map.of("OTHER-" + runId.toUpperCase(), current))
                .then()
                .statusCode(400)
                .contentType(PROBLEM)
                .body("errors.field", hasItem("itemVersions"));
        holdPriced(other, sku, Map.of(sku, "yesterday")).then().statusCode(400).contentType(PROBLEM);
        assertEquals(3, available(sku));
    }

    /** Two units of the SKU for the reference, priced with the given item versions. */
    private Response holdPriced(String reference, String sku, Map<String, String> itemVersions) {
        return given().auth()
                .oauth2(service)
                .contentType("application/json")
                .body(Map.of(
                        "locationId",
                        "store-001",
                        "reference",
                        reference,
                        "lines",
                        line(sku, 2),
                        "itemVersions",
                        itemVersions))
                .post("/api/reservations");
    }

    @Test
    void badHoldsAreRefusedAndChangeNothing() {
        String sku = sku("BADHOLD");
        InventoryTestSupport.receive("store-001", sku, 5);
        String ref = "bad-" + runId;
        hold(service, ref, line(sku, 0)).then().statusCode(400).body("errors.field", hasItem("lines[0].quantity"));
        hold(service, ref, line(sku, -2)).then().statusCode(400);
        hold(service, ref, line("NO-SUCH-SKU", 1)).then().statusCode(400).body("errors.field", hasItem("lines[0].sku"));
        hold(service, ref, List.of(Map.of("sku", sku, "quantity", 1), Map.of("sku", sku, "quantity", 1)))
                .then()
                .statusCode(400)
                .body("errors.field", hasItem("lines[1].sku"));
        List<Map<String, Object>> tooMany = IntStream.range(0, 101)
                .mapToObj(i -> Map.<String, Object>of("sku", "SKU-" + i, "quantity", 1))
                .toList();
        hold(service, ref, tooMany).then().statusCode(400).body("errors.field", hasItem("lines"));
        hold(service, ref, List.of()).then().statusCode(400);
        hold(service, ref, line(sku, 1000_000)).then().statusCode(400);
        hold(service, ref, "lines").then().statusCode(400);
        for (int ttl : new int[] {5, 100_000}) {
            given().auth()
                    .oauth2(service)
                    .contentType("application/json")
                    .body(Map.of("locationId", "store-001", "reference", ref, "ttlSeconds", ttl, "lines", line(sku, 1)))
                    .post("/api/reservations")
                    .then()
                    .statusCode(400)
                    .body("errors.field", hasItem("ttlSeconds"));
        }
        given().auth()
                .oauth2(service)
                .contentType("application/json")
                .body(Map.of("locationId", "store-999", "reference", ref, "lines", line(sku, 1)))
                .post("/api/reservations")
                .then()
                .statusCode(400)
                .body("errors.field", hasItem("locationId"));
        assertEquals(5, available(sku));
    }

    @Test
    void customersCannotHoldAndAssociatesHoldOnlyAtTheirStore() {
        String sku = sku("WHO");
        InventoryTestSupport.receive("store-001", sku, 5);
        hold(InventoryTestSupport.token("alice"), "who-1-" + runId, line(sku, 1))
                .then()
                .statusCode(403);
        hold(InventoryTestSupport.token("ben"), "who-2-" + runId, line(sku, 1))
                .then()
                .statusCode(403);
        String id = hold(InventoryTestSupport.token("ada"), "who-3-" + runId, line(sku, 1))
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        as("ben").get("/api/reservations/" + id).then().statusCode(404);
        as("ada").get("/api/reservations/" + id).then().statusCode(200);
    }

    @Test
    void releaseGivesTheUnitsBackOnceAndIsAnnounced() throws Exception {
        String sku = sku("REL");
        InventoryTestSupport.receive("store-001", sku, 4);
        Response held = hold(service, "ord-rel-" + runId, line(sku, 3));
        held.then().statusCode(201);
        String id = held.path("id");
        assertEquals(1, available(sku));
        for (int i = 0; i < 2; i++) {
            given().auth()
                    .oauth2(service)
                    .post("/api/reservations/" + id + "/release")
                    .then()
                    .statusCode(200)
                    .body("status", equalTo("RELEASED"));
        }
        assertEquals(4, available(sku));
        List<ConsumerRecord<String, byte[]>> events =
                TopicReader.read(kafka, Topics.INVENTORY, key -> "store-001".equals(key), 2, Duration.ofSeconds(20));
        List<ConsumerRecord<String, byte[]>> mine = events.stream()
                .filter(record -> new String(record.value(), StandardCharsets.UTF_8).contains("ord-rel-" + runId))
                .toList();
        assertEquals(
                List.of("StockReserved", "ReservationReleased"),
                mine.stream()
                        .map(record -> CloudEventHeaders.read(record.headers(), CloudEventHeaders.TYPE))
                        .toList());
        // The hold statement writes StockReserved itself and adds the deadline: it must read back
        // as the contract's record, with the deadline the answer gave.
        assertEquals(
                new StockReserved(
                        id,
                        "store-001",
                        "ord-rel-" + runId,
                        List.of(new StockLine(sku, 3)),
                        Instant.parse(held.path("expiresAt"))),
                json.readValue(mine.get(0).value(), StockReserved.class));
        String released = new String(mine.get(1).value(), StandardCharsets.UTF_8);
        assertTrue(released.contains("\"reason\":\"CANCELLED\""), released);
    }

    @Test
    void anExpiredHoldGivesItsUnitsBackOnce() throws Exception {
        String sku = sku("EXP");
        InventoryTestSupport.receive("store-001", sku, 2);
        String reference = "ord-exp-" + runId;
        String id = hold(service, reference, line(sku, 2))
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        assertEquals(0, available(sku));
        pastItsDeadline(reference);
        assertTrue(expiry.expireDue().await().atMost(Duration.ofSeconds(10)) >= 1);
        assertEquals(0, expiry.expireDue().await().atMost(Duration.ofSeconds(10)), "nothing left to expire");
        assertEquals(2, available(sku));
        given().auth().oauth2(service).get("/api/reservations/" + id).then().body("status", equalTo("EXPIRED"));
    }
}
