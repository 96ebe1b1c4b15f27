package com.unifiedcommerce.inventory.api;

import static com.unifiedcommerce.inventory.api.InventoryTestSupport.as;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import jakarta.inject.Inject;

import com.unifiedcommerce.contracts.EventType;
import com.unifiedcommerce.contracts.Topics;
import com.unifiedcommerce.infra.support.Eventually;
import com.unifiedcommerce.infra.support.InfrastructureTestResource;
import com.unifiedcommerce.infra.support.TopicWriter;
import com.unifiedcommerce.inventory.jobs.HoldExpiry;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Order and return events move stock once each, at the right location. */
@QuarkusTest
@WithTestResource(
        value = InfrastructureTestResource.class,
        initArgs = {
            @ResourceArg(name = "postgres", value = "inventory"),
            @ResourceArg(name = "keycloak", value = "true")
        })
class StockEventsTest {

    @ConfigProperty(name = "commerce.test.run-id")
    String runId;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String kafka;

    @Inject
    DataSource database;

    @Inject
    HoldExpiry expiry;

    private String service;

    @BeforeEach
    void scene() {
        InventoryTestSupport.twoStores();
        service = InventoryTestSupport.tokens().service("order");
    }

    private String sku(String name, String store, int units) {
        String sku = name + "-" + runId.toUpperCase();
        InventoryTestSupport.item(sku, 1_000);
        if (units > 0) {
            InventoryTestSupport.receive(store, sku, units);
        }
        return sku;
    }

    private String hold(String orderId, String sku, int quantity) {
        return given().auth()
                .oauth2(service)
                .contentType("application/json")
                .body(Map.of(
                        "locationId",
                        "store-001",
                        "reference",
                        orderId,
                        "lines",
                        List.of(Map.of("sku", sku, "quantity", quantity))))
                .post("/api/reservations")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    private String status(String reservationId) {
        return given().auth()
                .oauth2(service)
                .get("/api/reservations/" + reservationId)
                .path("status");
    }

    private Map<String, Integer> stock(String store, String sku) {
        return as("root")
                .get("/api/stock/" + store + "/" + sku)
                .then()
                .extract()
                .path("$");
    }

    private UUID orderEvent(String type, String orderId) {
        return orderEvent(type, orderId, orderId);
    }

    /** With the key of another order: same partition, so it is consumed after that order's events. */
    private UUID orderEvent(String type, String orderId, String key) {
        return TopicWriter.publish(
                kafka,
                Topics.ORDERS,
                key,
                type,
                "{\"orderId\":\"" + orderId + "\",\"channel\":\"WEB\",\"locationId\":\"store-001\",\"lines\":[]}");
    }

    @Test
    void aCommittedHoldNeverExpiresAndPickupFulfilsItOnce() throws Exception {
        String sku = sku("BOPIS", "store-001", 5);
        String orderId = "ord-bopis-" + runId;
        String hold = hold(orderId, sku, 2);
        // Checkout commits its hold itself before the order is placed; OrderPlaced moves nothing here.
        given().auth()
                .oauth2(service)
                .post("/api/reservations/" + hold + "/commit")
                .then()
                .statusCode(200)
                .body("status", equalTo("COMMITTED"));

        try (Connection connection = database.getConnection();
                PreparedStatement due = connection.prepareStatement(
                        "UPDATE reservation SET expires_at = now() - interval '1 minute' WHERE reference = ?")) {
            due.setString(1, orderId);
            due.executeUpdate();
        }
        expiry.expireDue().await().atMost(Duration.ofSeconds(10));
        assertEquals("COMMITTED", status(hold), "a committed hold does not expire");
        assertEquals(2, stock("store-001", sku).get("reserved"));

        UUID pickedUp = orderEvent(EventType.ORDER_PICKED_UP.type(), orderId);
        Eventually.equal("FULFILLED", () -> status(hold));
        // The same event again, and another pickup event for the order: nothing moves twice.
        TopicWriter.publish(
                kafka,
                Topics.ORDERS,
                orderId,
                EventType.ORDER_PICKED_UP.type(),
                "{\"orderId\":\"" + orderId + "\",\"lines\":[]}",
                pickedUp);
        orderEvent(EventType.ORDER_PICKED_UP.type(), orderId);
        String marker = "ord-marker-" + runId;
        String markerHold = hold(marker, sku, 1);
        orderEvent(EventType.ORDER_CANCELLED.type(), marker, orderId);
        Eventually.equal("RELEASED", () -> status(markerHold));
        Map<String, Integer> level = stock("store-001", sku);
        assertEquals(3, level.get("onHand"), "the two picked-up units left once");
        assertEquals(
                0, level.get("reserved"), "nothing is held: the order's hold was fulfilled, the marker's released");
    }

    @Test
    void aCancelledOrderReleasesItsHold() {
        String sku = sku("CANCEL", "store-001", 3);
        String orderId = "ord-cancel-" + runId;
        String hold = hold(orderId, sku, 3);
        orderEvent(EventType.ORDER_CANCELLED.type(), orderId);
        Eventually.equal("RELEASED", () -> status(hold));
        assertEquals(3, stock("store-001", sku).get("available"));
    }

    @Test
    void aReturnRestocksTheStoreThatReceivedItOncePerLine() {
        String sku = sku("RET", "store-001", 4);
        String returnId = "ret-" + runId;
        String event = "{\"returnId\":\"" + returnId + "\",\"orderId\":\"ord-1\",\"channel\":\"STORE\","
                + "\"locationId\":\"store-002\",\"lines\":["
                + "{\"orderLineId\":\"l1\",\"sku\":\"" + sku + "\",\"quantity\":2,\"condition\":\"RESELLABLE\"},"
                + "{\"orderLineId\":\"l2\",\"sku\":\"" + sku + "\",\"quantity\":1,\"condition\":\"DAMAGED\"}],"
                + "\"refunds\":[],\"pointsRefunded\":0,\"pointsReversed\":0}";
        UUID id = TopicWriter.publish(kafka, Topics.RETURNS, returnId, EventType.RETURN_ACCEPTED.type(), event);
        Eventually.equal(2, () -> stock("store-002", sku).get("onHand"));
        TopicWriter.publish(kafka, Topics.RETURNS, returnId, EventType.RETURN_ACCEPTED.type(), event, id);
        TopicWriter.publish(kafka, Topics.RETURNS, returnId, EventType.RETURN_ACCEPTED.type(), event);
        // A later return of another line shows the earlier ones were applied and not repeated.
        String later = event.replace(returnId, returnId + "-b").replace("\"l2\"", "\"l3\"");
        TopicWriter.publish(kafka, Topics.RETURNS, returnId, EventType.RETURN_ACCEPTED.type(), later);
        Eventually.equal(2, () -> stock("store-002", sku).get("damaged"));
        Map<String, Integer> storeB = stock("store-002", sku);
        assertEquals(4, storeB.get("onHand"), "2 + 2 resellable, each return line once");
        assertEquals(4, stock("store-001", sku).get("onHand"), "the selling store is not restocked");
    }

    @Test
    void concurrentCounterSalesNeverTakeOnHandBelowZero() throws Exception {
        String sku = sku("COUNTER", "store-001", 5);
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<io.restassured.response.Response>> answers = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                String reference = "sale-" + runId + "-" + i;
                answers.add(pool.submit(() -> sell("ada", reference, sku, 1)));
            }
            InventoryTestSupport.Race race = InventoryTestSupport.tally(answers, sku);
            assertEquals(5, race.taken());
            assertEquals(
                    25, race.shortWithNothingLeft(), "every other sale is told the line is short, with nothing left");
        } finally {
            pool.shutdownNow();
        }
        assertEquals(0, stock("store-001", sku).get("onHand"));
        as("root").get("/api/inventory/invariants").then().statusCode(200).body("holds", equalTo(true));
    }

    @Test
    void aCounterSaleTakesStockOnceAndOnlyAtTheSellersStore() {
        String sku = sku("SALE", "store-001", 3);
        String reference = "sale-once-" + runId;
        sell("ada", reference, sku, 2).then().statusCode(201);
        sell("ada", reference, sku, 2).then().statusCode(200);
        sell("ada", reference, sku, 1).then().statusCode(409);
        assertEquals(1, stock("store-001", sku).get("onHand"));
        sell("ada", "sale-short-" + runId, sku, 2).then().statusCode(409).body("shortLines[0].available", equalTo(1));
        sell("ben", "sale-other-" + runId, sku, 1).then().statusCode(403);
        sell("alice", "sale-cust-" + runId, sku, 1).then().statusCode(403);
        sell("ada", "sale-bad-" + runId, sku, 0).then().statusCode(400);
        sell("ada", "sale-bad-" + runId, "NOPE-SKU", 1).then().statusCode(400);
        assertEquals(1, stock("store-001", sku).get("onHand"));
    }

    private static io.restassured.response.Response sell(String user, String reference, String sku, int quantity) {
        return as(user).body(Map.of("reference", reference, "lines", List.of(Map.of("sku", sku, "quantity", quantity))))
                .post("/api/stock/store-001/sales");
    }
}
