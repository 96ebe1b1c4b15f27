package com.unifiedcommerce.it;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.unifiedcommerce.infra.support.Eventually;
import com.unifiedcommerce.it.system.BackOffice;
import com.unifiedcommerce.it.system.RunningSystem;
import com.unifiedcommerce.it.system.Shop;
import com.unifiedcommerce.it.system.SystemExtension;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What staff may do to a customer who is not in front of them, through the gateway: fold their
 * counter profile into another, spend their points at the counter, give back the stock of their
 * placed order. Each needs the customer's consent (a code they received) or goes through the
 * order ledger; and the counter's repeated or oversized requests are answered as such.
 */
@ExtendWith(SystemExtension.class)
class ConsentJourneyTest {

    private RunningSystem system;
    private Shop shop;
    private final String run = UUID.randomUUID().toString().substring(0, 8).toLowerCase();

    @BeforeEach
    void stores(RunningSystem system) {
        this.system = system;
        this.shop = new Shop(system);
        BackOffice backOffice = new BackOffice(system);
        backOffice.store("store-001");
        backOffice.store("store-002");
    }

    /** A guest enrolled at the associate's store, with a phone and an email; emits its id. */
    private String enrol(String associate, String name) {
        return shop.as(associate)
                .header("Idempotency-Key", "enrol-" + name + "-" + run)
                .body(Map.of(
                        "channel",
                        "STORE",
                        "firstName",
                        "Guest",
                        "email",
                        name + "-" + run + "@example.com",
                        "phones",
                        // 061…: a French mobile range every number of which is in the numbering plan.
                        List.of("061" + String.format("%07d", Math.floorMod((name + run).hashCode(), 10_000_000)))))
                .post("/api/customers")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    /** A proof made by {@code caller}, after one wrong code (which counts a try). */
    private String proof(String caller, String customer) {
        String verification = shop.as(caller)
                .body(Map.of("via", "EMAIL"))
                .post("/api/customers/" + customer + "/verifications")
                .then()
                .statusCode(201)
                .extract()
                .path("verificationId");
        String code = shop.lastCode(customer);
        shop.as(caller)
                .body(Map.of("code", code.equals("000000") ? "111111" : "000000"))
                .post("/api/customers/" + customer + "/verifications/" + verification + "/confirm")
                .then()
                .statusCode(422)
                .body("type", equalTo("urn:commerce:problem:wrong-code"))
                .body("attemptsLeft", equalTo(4));
        return shop.as(caller)
                .body(Map.of("code", code))
                .post("/api/customers/" + customer + "/verifications/" + verification + "/confirm")
                .then()
                .statusCode(200)
                .extract()
                .path("proof");
    }

    @Test
    void aGuestIsFoldedOnlyByItsOwnStoreWithACodeTheCustomerReceivedOrByTheCustomerThemself() {
        String guest = enrol("ben", "fold");
        shop.givePoints(guest, 700);
        String survivor = enrol("ben", "keep");
        // Another store's associate: refused whatever they bring.
        shop.as("ada")
                .body(Map.of("customerId", guest))
                .post("/api/customers/" + survivor + "/merge")
                .then()
                .statusCode(403);
        // The enrolling store without the customer's code: refused; with it: folded, points move once.
        shop.as("ben")
                .body(Map.of("customerId", guest))
                .post("/api/customers/" + survivor + "/merge")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("proof"));
        String proof = proof("ben", guest);
        for (int i = 0; i < 2; i++) {
            shop.as("ben")
                    .body(Map.of("customerId", guest, "proof", proof))
                    .post("/api/customers/" + survivor + "/merge")
                    .then()
                    .statusCode(200);
        }
        Eventually.equal(700L, () -> shop.points(survivor));
        assertEquals(0L, shop.points(guest));

        // A signed-in customer folds a counter profile into their own with the code it received.
        Shop.Customer lena = shop.newCustomer("lena-" + run);
        String counter = enrol("ada", "lena-counter");
        shop.givePoints(counter, 300);
        shop.with(lena.token())
                .body(Map.of("customerId", counter))
                .post("/api/customers/" + lena.id() + "/merge")
                .then()
                .statusCode(400);
        String mine = shop.proofWith(lena.token(), counter, "SMS");
        shop.with(lena.token())
                .body(Map.of("customerId", counter, "proof", mine))
                .post("/api/customers/" + lena.id() + "/merge")
                .then()
                .statusCode(200);
        Eventually.equal(300L, () -> shop.points(lena.id()));
    }

    @Test
    void pointsAreSpentAtTheCounterOnlyForACustomerVerifiedPresentThere() {
        String sku = "POINTS-" + run.toUpperCase();
        BackOffice backOffice = new BackOffice(system);
        backOffice.item(sku, 5_000);
        backOffice.receive("store-001", sku, 3);
        String absent = enrol("ada", "absent");
        shop.givePoints(absent, 5_000);
        Map<String, Object> sale = Map.of(
                "channel",
                "STORE",
                "fulfilment",
                "CARRY_OUT",
                "locationId",
                "store-001",
                "customerId",
                absent,
                "lines",
                List.of(Map.of("sku", sku, "quantity", 1)),
                "tenders",
                List.of(),
                "pointsToRedeem",
                5_000);
        shop.as("ada")
                .body(sale)
                .post("/api/orders")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("customerProof"));
        // A proof made at another store does not let store-001 spend them.
        String elsewhere = proof("ben", absent);
        Map<String, Object> withForeignProof = new java.util.HashMap<>(sale);
        withForeignProof.put("customerProof", elsewhere);
        shop.as("ada").body(withForeignProof).post("/api/orders").then().statusCode(403);
        assertEquals(5_000L, shop.points(absent));
        assertEquals(0, (int) shop.as("root").get("/api/stock/store-001/" + sku).path("reserved"));
        // The customer is here and reads the code out: the sale spends their points.
        Map<String, Object> present = new java.util.HashMap<>(sale);
        present.put("customerProof", proof("ada", absent));
        shop.as("ada").body(present).post("/api/orders").then().statusCode(201);
        Eventually.equal(0L, () -> shop.points(absent));
    }

    @Test
    void aPlacedOrdersHoldIsGivenBackOnlyByCancellingTheOrder() {
        String sku = "HELD-" + run.toUpperCase();
        BackOffice backOffice = new BackOffice(system);
        backOffice.item(sku, 1_500);
        backOffice.receive("store-001", sku, 2);
        String order = shop.webPickup(
                shop.tokens().user("bob"),
                "store-001",
                List.of(Map.of("sku", sku, "quantity", 1)),
                List.of(Shop.tender("CARD", 1_500, "tok_4242424242424242")),
                0);
        List<Map<String, Object>> open = shop.as("root")
                .get("/api/reservations/open?size=1000")
                .then()
                .statusCode(200)
                .extract()
                .path("items");
        String hold = open.stream()
                .filter(h -> order.equals(h.get("reference")))
                .map(h -> (String) h.get("id"))
                .findFirst()
                .orElse(null);
        assertNotNull(hold, "the placed order holds its unit");
        shop.as("ada").post("/api/reservations/" + hold + "/release").then().statusCode(409);
        shop.as("root").post("/api/reservations/" + hold + "/release").then().statusCode(409);
        assertEquals(1, (int) shop.as("root").get("/api/stock/store-001/" + sku).path("reserved"));
        shop.as("ada").post("/api/orders/" + order + "/cancel").then().statusCode(200);
        Eventually.equal(
                0, () -> shop.as("root").get("/api/stock/store-001/" + sku).path("reserved"));
    }

    @Test
    void theCountersRepeatedAndOversizedRequestsAreAnsweredForWhatTheyAre() {
        // The same enrolment key with another body: refused, not answered with the first profile.
        String key = "enrol-twice-" + run;
        shop.as("ada")
                .header("Idempotency-Key", key)
                .body(Map.of("channel", "STORE", "firstName", "Once", "email", "once-" + run + "@example.com"))
                .post("/api/customers")
                .then()
                .statusCode(201);
        shop.as("ada")
                .header("Idempotency-Key", key)
                .body(Map.of("channel", "STORE", "firstName", "Once", "email", "once-" + run + "@example.com"))
                .post("/api/customers")
                .then()
                .statusCode(200);
        shop.as("ada")
                .header("Idempotency-Key", key)
                .body(Map.of("channel", "STORE", "firstName", "Other", "email", "other-" + run + "@example.com"))
                .post("/api/customers")
                .then()
                .statusCode(422);
        // A 100 KB name: below the one body limit, so the service itself refuses it (400), every time.
        String huge = "A".repeat(100_000);
        for (int i = 0; i < 10; i++) {
            Response answer = shop.as("ada")
                    .body(Map.of("channel", "STORE", "firstName", huge, "email", "huge-" + run + "@example.com"))
                    .post("/api/customers");
            assertEquals(400, answer.statusCode(), answer.asString());
            assertEquals("firstName", answer.path("errors[0].field"));
        }
        // Above the limit: the gateway's 413.
        shop.as("ada")
                .body(Map.of("channel", "STORE", "firstName", "A".repeat(300_000)))
                .post("/api/customers")
                .then()
                .statusCode(413);
        // A shipment repeated with its key but another tracking number is refused, not replayed.
        String sku = "SHIPKEY-" + run.toUpperCase();
        BackOffice backOffice = new BackOffice(system);
        backOffice.dc("dc-paris");
        backOffice.item(sku, 1_000);
        backOffice.receive("dc-paris", sku, 1);
        String order = shop.as("alice")
                .body(Map.of(
                        "channel",
                        "WEB",
                        "fulfilment",
                        "SHIP",
                        "shippingAddress",
                        Map.of(
                                "name",
                                "Alice",
                                "line1",
                                "1 rue",
                                "postalCode",
                                "75001",
                                "city",
                                "Paris",
                                "country",
                                "FR"),
                        "lines",
                        List.of(Map.of("sku", sku, "quantity", 1)),
                        "tenders",
                        List.of(Shop.tender("CARD", 1_000, "tok_4242424242424242"))))
                .post("/api/orders")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        String shipKey = "ship-" + run;
        shop.as("root")
                .header("Idempotency-Key", shipKey)
                .body(Map.of("carrier", "La Poste", "tracking", "LP1"))
                .post("/api/orders/" + order + "/ship")
                .then()
                .statusCode(200);
        shop.as("root")
                .header("Idempotency-Key", shipKey)
                .body(Map.of("carrier", "La Poste", "tracking", "LP2"))
                .post("/api/orders/" + order + "/ship")
                .then()
                .statusCode(422);
        shop.as("root").get("/api/orders/" + order).then().body("tracking", equalTo("LP1"));
    }
}
