package com.unifiedcommerce.it;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.unifiedcommerce.infra.support.Eventually;
import com.unifiedcommerce.infra.support.TestTokens;
import com.unifiedcommerce.it.system.BackOffice;
import com.unifiedcommerce.it.system.RunningSystem;
import com.unifiedcommerce.it.system.Shop;
import com.unifiedcommerce.it.system.SystemExtension;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Orders end to end through the gateway with real tokens: web BOPIS from availability to handover,
 * a no-show, a counter sale, a short basket and bad checkouts. Stock and points are read back
 * from inventory and loyalty, which learn about the order from its events.
 */
@ExtendWith(SystemExtension.class)
class OrderJourneyTest {

    private RunningSystem system;
    private TestTokens tokens;
    private final String run = UUID.randomUUID().toString().substring(0, 8).toUpperCase();

    @BeforeEach
    void stores(RunningSystem system) {
        this.system = system;
        this.tokens = system.tokens();
        BackOffice backOffice = new BackOffice(system);
        backOffice.store("store-001");
        backOffice.store("store-002");
        backOffice.dc("dc-paris");
    }

    private RequestSpecification as(String user) {
        return new Shop(system).as(user);
    }

    /** A new item at 25.99 EUR with {@code units} received at store-001. */
    private String item(String name, int units) {
        return item(name, units, "store-001");
    }

    private String item(String name, int units, String location) {
        String sku = name + "-" + run;
        BackOffice backOffice = new BackOffice(system);
        backOffice.item(sku, 2_599);
        backOffice.receive(location, sku, units);
        return sku;
    }

    private Map<String, Integer> stock(String sku) {
        return stock("store-001", sku);
    }

    private Map<String, Integer> stock(String location, String sku) {
        return as("root")
                .get("/api/stock/" + location + "/" + sku)
                .then()
                .statusCode(200)
                .extract()
                .path("$");
    }

    private long points(String customer) {
        return new Shop(system).points(customer);
    }

    private Map<String, Object> order(
            String channel, String fulfilment, String sku, int quantity, long card, long points) {
        Map<String, Object> body = new HashMap<>();
        body.put("channel", channel);
        body.put("fulfilment", fulfilment);
        body.put("locationId", "store-001");
        body.put("lines", List.of(Map.of("sku", sku, "quantity", quantity, "unitPrice", 1)));
        body.put(
                "tenders",
                card == 0
                        ? List.of()
                        : List.of(Map.of(
                                "type",
                                "CARD",
                                "amount",
                                Map.of("amount", card, "currency", "EUR"),
                                "reference",
                                "tok_4242424242424242")));
        body.put("pointsToRedeem", points);
        return body;
    }

    @Test
    void webPickupFromAvailabilityToHandoverTakesStockOnceAndEarnsOnce() {
        String sku = item("BOPIS", 5);
        as("root").body(Map.of("points", 500, "reason", "journey")).post("/api/loyalty/accounts/cus-alice/adjustments");
        long before = points("cus-alice");
        given().baseUri(system.gatewayUrl())
                .queryParam("sku", sku)
                .queryParam("locationId", "store-001")
                .get("/api/availability")
                .then()
                .statusCode(200)
                .body("locations[0].lines[0].available", equalTo(5));

        // 2 x 25.99 = 51.98, of which 3.00 in points (300) and 48.98 by card; the client's price is ignored.
        String key = "journey-bopis-" + run;
        String id = as("alice")
                .header("Idempotency-Key", key)
                .body(order("WEB", "PICKUP", sku, 2, 4_898, 300))
                .post("/api/orders")
                .then()
                .statusCode(201)
                .body("status", equalTo("PLACED"))
                .body("total.amount", equalTo(5_198))
                .body("lines[0].unitPrice.amount", equalTo(2_599))
                .extract()
                .path("id");
        // A retry of the same checkout is the same order.
        as("alice")
                .header("Idempotency-Key", key)
                .body(order("WEB", "PICKUP", sku, 2, 4_898, 300))
                .post("/api/orders")
                .then()
                .statusCode(201)
                .body("id", equalTo(id));
        assertEquals(2, stock(sku).get("reserved"));

        as("ben").post("/api/orders/" + id + "/ready").then().statusCode(403);
        as("ada")
                .post("/api/orders/" + id + "/ready")
                .then()
                .statusCode(200)
                .body("status", equalTo("READY_FOR_PICKUP"))
                .body("pickup.code", nullValue());
        as("bob").get("/api/orders/" + id).then().statusCode(404);
        String code = as("alice")
                .get("/api/orders/" + id)
                .then()
                .statusCode(200)
                .extract()
                .path("pickup.code");
        assertNotNull(code);
        as("ada").get("/api/orders/" + id).then().statusCode(200).body("pickup.code", nullValue());

        as("ada")
                .body(Map.of("code", "22222222"))
                .post("/api/orders/" + id + "/pickup")
                .then()
                .statusCode(422)
                .contentType("application/problem+json")
                .body("attemptsLeft", equalTo(4));
        as("ada")
                .body(Map.of("code", code))
                .post("/api/orders/" + id + "/pickup")
                .then()
                .statusCode(200)
                .body("status", equalTo("PICKED_UP"))
                .body("history.to", equalTo(List.of("PLACED", "READY_FOR_PICKUP", "PICKED_UP")))
                .body("history[2].actor", not(nullValue()));

        Eventually.equal(3, () -> stock(sku).get("onHand"));
        assertEquals(0, stock(sku).get("reserved"));
        // 300 spent, floor(48.98) = 48 earned at the base tier: once.
        Eventually.equal(before - 300 + 48, () -> points("cus-alice"));
        List<String> sources = as("alice")
                .get("/api/loyalty/accounts/cus-alice/entries?size=200")
                .then()
                .statusCode(200)
                .extract()
                .path("items.source");
        assertEquals(
                1,
                sources.stream()
                        .filter(("order:" + id + ":line:l1:EARN")::equals)
                        .count());
        as("alice").get("/api/orders").then().statusCode(200).body("items[0].id", equalTo(id));
    }

    @Test
    void aReadyOrderNobodyCollectsIsCancelledAndGivesStockAndPointsBack() {
        String sku = item("NOSHOW", 3);
        as("root").body(Map.of("points", 200, "reason", "journey")).post("/api/loyalty/accounts/cus-bob/adjustments");
        long before = points("cus-bob");
        String id = as("bob")
                .body(order("MOBILE", "PICKUP", sku, 1, 2_499, 100))
                .post("/api/orders")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        as("ada").post("/api/orders/" + id + "/ready").then().statusCode(200);
        // The end-to-end system holds ready orders a few seconds (ORDER_PICKUP_HOLD).
        Eventually.equal("CANCELLED", () -> as("bob").get("/api/orders/" + id).path("status"));
        Eventually.equal(0, () -> stock(sku).get("reserved"));
        assertEquals(3, stock(sku).get("available"));
        Eventually.equal(before, () -> points("cus-bob"));
        as("bob").get("/api/orders/" + id).then().body("history[-1].reason", equalTo("NO_SHOW"));
    }

    @Test
    void aCounterSaleIsPickedUpAtOnceAndEarnsForTheIdentifiedCustomer() {
        String sku = item("COUNTER", 4);
        long before = points("cus-bob");
        Map<String, Object> sale = order("STORE", "CARRY_OUT", sku, 1, 2_599, 0);
        sale.put("customerId", "cus-bob");
        as("ben").body(sale).post("/api/orders").then().statusCode(403);
        String id = as("ada")
                .body(sale)
                .post("/api/orders")
                .then()
                .statusCode(201)
                .body("status", equalTo("PICKED_UP"))
                .extract()
                .path("id");
        Eventually.equal(3, () -> stock(sku).get("onHand"));
        Eventually.equal(before + 25, () -> points("cus-bob"));
        as("ada").get("/api/orders?status=PICKED_UP").then().statusCode(200).body("items.id", hasItem(id));
    }

    /**
     * Checkout remembers the item master between orders, and a price changed since is still the one
     * that counts: a client paying the new price is served at once, and a client paying the old
     * one is refused (the hold carries the version checkout priced with; inventory refuses the
     * stale one and checkout prices again), holding nothing, also when retried with its key; a
     * placed order's repeat is answered with the order whatever the price is now.
     */
    @Test
    void aPriceChangedBetweenTwoCheckoutsIsChargedAtOnceAndTheOldPriceIsRefused() {
        String sku = item("REPRICED", 5);
        BackOffice backOffice = new BackOffice(system);
        as("alice")
                .body(order("WEB", "PICKUP", sku, 1, 2_599, 0))
                .post("/api/orders")
                .then()
                .statusCode(201)
                .body("total.amount", equalTo(2_599));

        backOffice.item(sku, 3_100); // checkout still remembers 25.99
        as("alice")
                .body(order("WEB", "PICKUP", sku, 1, 3_100, 0))
                .post("/api/orders")
                .then()
                .statusCode(201)
                .body("total.amount", equalTo(3_100))
                .body("lines[0].unitPrice.amount", equalTo(3_100));

        backOffice.item(sku, 3_300); // checkout now remembers 31.00; a client still shows it
        for (int i = 0; i < 2; i++) { // the same checkout retried with its key: refused each time
            as("alice")
                    .header("Idempotency-Key", "repriced-" + run)
                    .body(order("WEB", "PICKUP", sku, 1, 3_100, 0))
                    .post("/api/orders")
                    .then()
                    .statusCode(400)
                    .contentType("application/problem+json")
                    .body("errors.field", hasItem("tenders"));
        }
        assertEquals(2, stock(sku).get("reserved"), "the refused checkouts held nothing");

        // A placed checkout repeated with its key after the price changed again is answered with its
        // order as placed, not refused for the new price.
        String placedKey = "placed-then-repriced-" + run;
        String placed = as("alice")
                .header("Idempotency-Key", placedKey)
                .body(order("WEB", "PICKUP", sku, 1, 3_300, 0))
                .post("/api/orders")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        backOffice.item(sku, 3_500);
        as("alice")
                .header("Idempotency-Key", placedKey)
                .body(order("WEB", "PICKUP", sku, 1, 3_300, 0))
                .post("/api/orders")
                .then()
                .statusCode(201)
                .header("Idempotent-Replayed", "true")
                .body("id", equalTo(placed))
                .body("total.amount", equalTo(3_300));
        assertEquals(3, stock(sku).get("reserved"), "the repeat held nothing more");
    }

    @Test
    void aBasketTheStoreCannotCoverIsRefusedNamingTheShortSkuAndHoldsNothing() {
        String sku = item("SHORT", 1);
        as("alice")
                .body(order("WEB", "PICKUP", sku, 2, 5_198, 0))
                .post("/api/orders")
                .then()
                .statusCode(409)
                .contentType("application/problem+json")
                .body("shortLines[0].sku", equalTo(sku))
                .body("shortLines[0].available", equalTo(1));
        assertEquals(0, stock(sku).get("reserved"));
    }

    @Test
    void badCheckoutsGetAProblemNamingTheFieldAndChangeNothing() {
        String sku = item("BAD", 2);
        Map<String, Object> negative = order("WEB", "PICKUP", sku, 1, 2_599, 0);
        negative.put("lines", List.of(Map.of("sku", sku, "quantity", -1)));
        as("alice")
                .body(negative)
                .post("/api/orders")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("lines[0].quantity"));
        Map<String, Object> unknown = order("WEB", "PICKUP", "NOPE-" + run, 1, 2_599, 0);
        as("alice")
                .body(unknown)
                .post("/api/orders")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("lines[0].sku"));
        Map<String, Object> someoneElse = order("WEB", "PICKUP", sku, 1, 2_599, 0);
        someoneElse.put("customerId", "cus-bob");
        as("alice")
                .body(someoneElse)
                .post("/api/orders")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("customerId"));
        as("alice")
                .body(order("WEB", "PICKUP", sku, 1, 2_000, 0))
                .post("/api/orders")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("tenders"));
        as("alice")
                .body(order("WEB", "CARRY_OUT", sku, 1, 2_599, 0))
                .post("/api/orders")
                .then()
                .statusCode(400);
        as("alice")
                .body(order("WEB", "PICKUP", sku, 1, 2_599, 999_999))
                .post("/api/orders")
                .then()
                .statusCode(400);
        as("alice")
                .body("{\"channel\":\"WEB\",\"lines\":\"many\"}")
                .post("/api/orders")
                .then()
                .statusCode(400);
        as("ada")
                .body(order("WEB", "PICKUP", sku, 1, 2_599, 0))
                .post("/api/orders")
                .then()
                .statusCode(403);
        assertEquals(0, stock(sku).get("reserved"));
        assertEquals(2, stock(sku).get("onHand"));
        as("alice")
                .get("/api/orders/ord-" + UUID.randomUUID())
                .then()
                .statusCode(404)
                .body("$", hasKey("type"));
    }

    @Test
    void aShipOrderIsShippedAndDeliveredAndAPickupCanBeCancelledBeforeItIsReady() {
        String sku = item("SHIP", 3, "dc-paris");
        Map<String, Object> ship = order("WEB", "SHIP", sku, 1, 2_599, 0);
        ship.remove("locationId");
        ship.put(
                "shippingAddress",
                Map.of(
                        "name",
                        "Alice",
                        "line1",
                        "1 rue de Rivoli",
                        "postalCode",
                        "75001",
                        "city",
                        "Paris",
                        "country",
                        "FR"));
        String id = as("alice")
                .body(ship)
                .post("/api/orders")
                .then()
                .statusCode(201)
                .body("locationId", equalTo("dc-paris"))
                .extract()
                .path("id");
        as("ada")
                .body(Map.of("carrier", "La Poste", "tracking", "LP123"))
                .post("/api/orders/" + id + "/ship")
                .then()
                .statusCode(403);
        as("root").post("/api/orders/" + id + "/deliver").then().statusCode(409);
        as("root")
                .body(Map.of("carrier", "La Poste", "tracking", "LP123"))
                .post("/api/orders/" + id + "/ship")
                .then()
                .statusCode(200)
                .body("status", equalTo("SHIPPED"))
                .body("tracking", equalTo("LP123"));
        as("root").post("/api/orders/" + id + "/deliver").then().statusCode(200).body("status", equalTo("DELIVERED"));
        Eventually.equal(2, () -> stock("dc-paris", sku).get("onHand"));

        String pickupSku = item("CANCEL", 2);
        String pickup = as("alice")
                .body(order("WEB", "PICKUP", pickupSku, 2, 5_198, 0))
                .post("/api/orders")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        as("bob").post("/api/orders/" + pickup + "/cancel").then().statusCode(404);
        as("alice")
                .post("/api/orders/" + pickup + "/cancel")
                .then()
                .statusCode(200)
                .body("status", equalTo("CANCELLED"));
        as("alice").post("/api/orders/" + pickup + "/cancel").then().statusCode(409);
        as("ada").post("/api/orders/" + pickup + "/ready").then().statusCode(409);
        Eventually.equal(0, () -> stock(pickupSku).get("reserved"));
    }

    @Test
    void aHundredCheckoutsForTheLastTenUnitsPlaceTenOrdersAndRefuseTheRestCleanly() throws Exception {
        String sku = item("LAST", 10);
        List<String> customers = List.of(tokens.user("alice"), tokens.user("bob"));
        ExecutorService pool = Executors.newFixedThreadPool(20);
        try {
            List<Future<Response>> answers = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                String token = customers.get(i % 2);
                answers.add(pool.submit(() -> given().baseUri(system.gatewayUrl())
                        .auth()
                        .oauth2(token)
                        .contentType("application/json")
                        .body(order("WEB", "PICKUP", sku, 1, 2_599, 0))
                        .post("/api/orders")));
            }
            int placed = 0;
            int refused = 0;
            for (Future<Response> answer : answers) {
                Response response = answer.get();
                if (response.statusCode() == 201) {
                    placed++;
                } else {
                    assertEquals(409, response.statusCode(), response.asString());
                    assertEquals(sku, response.path("shortLines[0].sku"));
                    refused++;
                }
            }
            assertEquals(10, placed);
            assertEquals(90, refused);
        } finally {
            pool.shutdownNow();
        }
        Map<String, Integer> level = stock(sku);
        assertEquals(10, level.get("reserved"));
        assertEquals(0, level.get("available"));
    }
}
