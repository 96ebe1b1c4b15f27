package com.unifiedcommerce.it;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

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
import com.unifiedcommerce.it.system.SystemExtension;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Buy online, return anywhere: a web order picked up at store 1 comes back at store 2; stock,
 * money, points and the order ledger move together, once, exactly.
 */
@ExtendWith(SystemExtension.class)
class ReturnJourneyTest {

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
    }

    private RequestSpecification as(String user) {
        return given().baseUri(system.gatewayUrl())
                .auth()
                .oauth2(tokens.user(user))
                .contentType("application/json");
    }

    private int onHand(String store, String sku) {
        Response response = as("root").get("/api/stock/" + store + "/" + sku);
        return response.statusCode() == 404 ? 0 : response.path("onHand");
    }

    private long points(String customer) {
        return ((Number) as("root").get("/api/loyalty/accounts/" + customer).path("balance")).longValue();
    }

    /** Alice buys two units on the web (3.00 in points, 48.98 by card) and picks them up at store 1. */
    private String pickedUpOrder(String sku) {
        as("root").body(Map.of("points", 300, "reason", "journey")).post("/api/loyalty/accounts/cus-alice/adjustments");
        String id = as("alice")
                .body(Map.of(
                        "channel",
                        "WEB",
                        "fulfilment",
                        "PICKUP",
                        "locationId",
                        "store-001",
                        "lines",
                        List.of(Map.of("sku", sku, "quantity", 2)),
                        "tenders",
                        List.of(Map.of(
                                "type",
                                "CARD",
                                "amount",
                                Map.of("amount", 4_898, "currency", "EUR"),
                                "reference",
                                "psp-r")),
                        "pointsToRedeem",
                        300))
                .post("/api/orders")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        as("ada").post("/api/orders/" + id + "/ready").then().statusCode(200);
        String code = as("alice").get("/api/orders/" + id).path("pickup.code");
        as("ada")
                .body(Map.of("code", code))
                .post("/api/orders/" + id + "/pickup")
                .then()
                .statusCode(200);
        return id;
    }

    private static Map<String, Object> returning(String orderId, String store, int units) {
        Map<String, Object> body = new java.util.HashMap<>();
        body.put("orderId", orderId);
        if (store != null) {
            body.put("locationId", store);
        }
        body.put(
                "lines",
                List.of(Map.of("lineId", "l1", "quantity", units, "reason", "WRONG_SIZE", "condition", "RESELLABLE")));
        return body;
    }

    private int returnOne(String token, String order) {
        return given().baseUri(system.gatewayUrl())
                .auth()
                .oauth2(token)
                .contentType("application/json")
                .body(returning(order, "store-002", 1))
                .post("/api/returns")
                .statusCode();
    }

    @Test
    void boughtOnlineReturnedAtAnotherStoreMovesStockMoneyAndPointsOnceAndExactly() {
        String sku = "RET-" + run;
        BackOffice backOffice = new BackOffice(system);
        backOffice.item(sku, 2_599);
        backOffice.receive("store-001", sku, 5);
        String order = pickedUpOrder(sku);
        Eventually.equal(3, () -> onHand("store-001", sku));
        // 48.98 paid by card earned 48 points at the base tier.
        Eventually.equal(
                48,
                () -> as("alice")
                        .get("/api/loyalty/orders/" + order)
                        .then()
                        .extract()
                        .path("lines[0].earned"));
        long before = points("cus-alice");

        as("ben")
                .body(returning(order, "store-002", 1))
                .post("/api/returns/quote")
                .then()
                .statusCode(200)
                .body("money.amount", equalTo(2_449))
                .body("refunds[0].tender", equalTo("CARD"))
                .body("refunds[0].amount.amount", equalTo(2_449))
                .body("pointsGivenBack", equalTo(150))
                .body("pointsTakenBack", equalTo(24));
        as("ada")
                .body(returning(order, "store-002", 1))
                .post("/api/returns")
                .then()
                .statusCode(403);
        as("bob")
                .body(returning(order, null, 1))
                .post("/api/returns/quote")
                .then()
                .statusCode(404);
        as("ben")
                .body(returning(order, "store-002", 3))
                .post("/api/returns")
                .then()
                .statusCode(409)
                .body("rule", equalTo("TOO_MANY_UNITS"));

        String key = "journey-return-" + run;
        String first = as("ben")
                .header("Idempotency-Key", key)
                .body(returning(order, "store-002", 1))
                .post("/api/returns")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        as("ben")
                .header("Idempotency-Key", key)
                .body(returning(order, "store-002", 1))
                .post("/api/returns")
                .then()
                .statusCode(201)
                .body("id", equalTo(first));
        Eventually.equal(1, () -> onHand("store-002", sku));
        assertEquals(3, onHand("store-001", sku));
        Eventually.equal(1, () -> as("alice").get("/api/orders/" + order).path("lines[0].returned"));
        Eventually.equal(before + 150 - 24, () -> points("cus-alice"));

        // The last unit: two returns at once, one accepted.
        String ben = tokens.user("ben");
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<Integer>> answers =
                    List.of(pool.submit(() -> returnOne(ben, order)), pool.submit(() -> returnOne(ben, order)));
            int accepted = 0;
            for (Future<Integer> answer : answers) {
                int status = answer.get();
                accepted += status == 201 ? 1 : 0;
                assertEquals(true, status == 201 || status == 409, "status " + status);
            }
            assertEquals(1, accepted);
        } catch (Exception e) {
            throw new AssertionError(e);
        } finally {
            pool.shutdownNow();
        }
        // Everything back: exactly the money paid and the points spent, and the order is RETURNED.
        List<Map<String, Object>> all = as("alice")
                .get("/api/returns?orderId=" + order)
                .then()
                .statusCode(200)
                .extract()
                .path("$");
        assertEquals(
                4_898L,
                all.stream()
                        .mapToLong(r -> ((Number) r.get("money")).longValue())
                        .sum());
        assertEquals(
                300L,
                all.stream()
                        .mapToLong(r -> ((Number) r.get("pointsRefunded")).longValue())
                        .sum());
        Eventually.equal(
                "RETURNED", () -> as("alice").get("/api/orders/" + order).path("status"));
        Eventually.equal(before + 300 - 48, () -> points("cus-alice"));
    }
}
