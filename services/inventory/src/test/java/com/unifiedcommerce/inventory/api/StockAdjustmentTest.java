package com.unifiedcommerce.inventory.api;

import static com.unifiedcommerce.inventory.api.InventoryTestSupport.as;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.unifiedcommerce.contracts.Topics;
import com.unifiedcommerce.infra.support.InfrastructureTestResource;
import com.unifiedcommerce.infra.support.TopicReader;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A manager adjusts their store's stock; every change is journalled and announced. */
@QuarkusTest
@WithTestResource(
        value = InfrastructureTestResource.class,
        initArgs = {
            @ResourceArg(name = "postgres", value = "inventory"),
            @ResourceArg(name = "keycloak", value = "true")
        })
class StockAdjustmentTest {

    private static final String PROBLEM = "application/problem+json";

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String kafka;

    @ConfigProperty(name = "commerce.test.run-id")
    String runId;

    @BeforeEach
    void scene() {
        InventoryTestSupport.twoStores();
    }

    private static io.restassured.response.Response adjust(String user, String sku, Object delta, String reason) {
        return as(user).body(Map.of("delta", delta, "reason", reason))
                .post("/api/stock/store-001/" + sku + "/adjustments");
    }

    @Test
    void eachReasonMovesStockItsWay() {
        String sku = "ADJ-" + runId.toUpperCase();
        InventoryTestSupport.item(sku, 500);
        adjust("maria", sku, 10, "RECEIVED").then().statusCode(201).body("onHand", equalTo(10));
        adjust("maria", sku, -3, "COUNT").then().statusCode(201).body("onHand", equalTo(7));
        adjust("maria", sku, -2, "DAMAGED")
                .then()
                .statusCode(201)
                .body("onHand", equalTo(5))
                .body("damaged", equalTo(2))
                .body("available", equalTo(5));
        adjust("maria", sku, -6, "SHRINK").then().statusCode(409).contentType(PROBLEM);
        as("ada").get("/api/stock/store-001/" + sku).then().statusCode(200).body("onHand", equalTo(5));

        List<ConsumerRecord<String, byte[]>> events = TopicReader.read(
                kafka, Topics.INVENTORY, key -> ("store-001/" + sku).equals(key), 3, Duration.ofSeconds(20));
        assertEquals(3, events.size(), "one StockAdjusted per accepted adjustment, none for the refused one");
        String last = new String(events.get(2).value(), StandardCharsets.UTF_8);
        assertTrue(last.contains("\"onHand\":5") && last.contains("\"reason\":\"DAMAGED\""), last);
    }

    @Test
    void onlyTheManagerOfThatStoreOrAdminAdjusts() {
        String sku = "AUTH-" + runId.toUpperCase();
        InventoryTestSupport.item(sku, 500);
        for (String user : new String[] {"alice", "ada", "ben"}) {
            adjust(user, sku, 5, "RECEIVED").then().statusCode(403).contentType(PROBLEM);
        }
        as("maria")
                .body(Map.of("delta", 5, "reason", "RECEIVED"))
                .post("/api/stock/store-002/" + sku + "/adjustments")
                .then()
                .statusCode(403);
        as("alice").get("/api/stock/store-001/" + sku).then().statusCode(403);
        adjust("root", sku, 5, "RECEIVED").then().statusCode(201);
        as("ben").get("/api/stock/store-001/" + sku).then().statusCode(200).body("onHand", equalTo(5));
    }

    @Test
    void badAdjustmentsAreRefusedAndChangeNothing() {
        String sku = "BAD-" + runId.toUpperCase();
        InventoryTestSupport.item(sku, 500);
        adjust("maria", sku, 0, "COUNT").then().statusCode(400).body("errors[0].field", equalTo("delta"));
        adjust("maria", sku, -1, "RECEIVED").then().statusCode(400);
        adjust("maria", sku, 1, "DAMAGED").then().statusCode(400);
        adjust("maria", sku, 100_001, "RECEIVED").then().statusCode(400);
        adjust("maria", sku, "ten", "RECEIVED").then().statusCode(400);
        adjust("maria", sku, 1, "FOUND").then().statusCode(400);
        adjust("maria", sku, -1, "SHRINK").then().statusCode(409);
        adjust("maria", "UNKNOWN-SKU", 1, "RECEIVED").then().statusCode(404).contentType(PROBLEM);
        as("root")
                .body(Map.of("delta", 1, "reason", "RECEIVED"))
                .post("/api/stock/store-999/" + sku + "/adjustments")
                .then()
                .statusCode(404);
        as("maria").get("/api/stock/store-001/" + sku).then().statusCode(200).body("onHand", equalTo(0));
    }

    @Test
    void theSameAdjustmentSentTwiceCountsOnce() {
        String sku = "IDEM-" + runId.toUpperCase();
        InventoryTestSupport.item(sku, 500);
        for (int i = 0; i < 2; i++) {
            as("maria")
                    .header("Idempotency-Key", "delivery-" + runId)
                    .body(Map.of("delta", 4, "reason", "RECEIVED", "reference", "DN-1"))
                    .post("/api/stock/store-001/" + sku + "/adjustments")
                    .then()
                    .statusCode(201)
                    .body("onHand", equalTo(4));
        }
        as("maria").get("/api/stock/store-001/" + sku).then().body("onHand", equalTo(4));
    }
}
