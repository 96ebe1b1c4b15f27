package com.unifiedcommerce.it;

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
import com.unifiedcommerce.it.system.Shop;
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
    private Shop shop;
    private TestTokens tokens;
    private final String run = UUID.randomUUID().toString().substring(0, 8).toUpperCase();

    @BeforeEach
    void stores(RunningSystem system) {
        this.system = system;
        this.shop = new Shop(system);
        this.tokens = shop.tokens();
        BackOffice backOffice = new BackOffice(system);
        backOffice.store("store-001");
        backOffice.store("store-002");
    }

    private RequestSpecification as(String user) {
        return shop.as(user);
    }

    private int onHand(String store, String sku) {
        return shop.onHand(store, sku);
    }

    private long points(String customer) {
        return shop.points(customer);
    }

    /** Alice buys two units on the web (3.00 in points, 48.98 by card) and picks them up at store 1. */
    private String pickedUpOrder(String sku) {
        as("root").body(Map.of("points", 300, "reason", "journey")).post("/api/loyalty/accounts/cus-alice/adjustments");
        String alice = tokens.user("alice");
        String id = shop.webPickup(
                alice,
                "store-001",
                List.of(Map.of("sku", sku, "quantity", 2)),
                List.of(Shop.tender("CARD", 4_898, "tok_4242424242424242")),
                300);
        shop.handOver("ada", alice, id);
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
        return shop.with(token)
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
                .body("refundStatus", equalTo("PENDING"))
                .body("settlements[0].tender", equalTo("CARD"))
                .body("settlements[0].amount", equalTo(2_449))
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
        // The card part goes back on the card it came from, once the provider settles the refund.
        Eventually.equal(
                2_449,
                () -> as("root")
                        .get("/api/payments/orders/" + order)
                        .then()
                        .extract()
                        .path("payment.refunded"));
        // ... and only then is the return refunded, in the customer's view too.
        Eventually.equal(
                "REFUNDED", () -> as("alice").get("/api/returns/" + first).path("refundStatus"));

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

    /** A sale at the counter of ada's store 1, for alice, paid by card; picked up at once. */
    private String counterSale(List<Map<String, Object>> lines, long total) {
        return shop.counterSale(
                "ada", "store-001", "cus-alice", lines, Shop.tender("CARD", total, "tok_4242424242424242"));
    }

    private static Map<String, Object> line(String lineId) {
        return Map.of("lineId", lineId, "quantity", 1, "reason", "CHANGED_MIND", "condition", "RESELLABLE");
    }

    @Test
    void eachRuleRefusesWithAProblemNamingItAndNothingChanges() {
        BackOffice backOffice = new BackOffice(system);
        String finalSale = "FINAL-" + run;
        String noWindow = "NODAYS-" + run;
        backOffice.item(finalSale, 999, false, null);
        backOffice.item(noWindow, 1_499, true, 0);
        backOffice.receive("store-001", finalSale, 3);
        backOffice.receive("store-001", noWindow, 3);
        backOffice.storeTakingNoReturns("store-090");
        String sold = counterSale(
                List.of(Map.of("sku", finalSale, "quantity", 1), Map.of("sku", noWindow, "quantity", 1)), 2_498);
        String waiting = shop.webPickup(
                tokens.user("alice"),
                "store-001",
                List.of(Map.of("sku", noWindow, "quantity", 1)),
                List.of(Shop.tender("CARD", 1_499, "tok_4242424242424242")),
                0);
        Eventually.equal(2, () -> onHand("store-001", noWindow));

        Map<String, String> refusals = Map.of(
                "FINAL_SALE", sold + "|l1|store-001|ada",
                "WINDOW_CLOSED", sold + "|l2|store-001|ada",
                "NOT_FULFILLED", waiting + "|l1|store-001|ada",
                "STORE_TAKES_NO_RETURNS", sold + "|l2|store-090|root");
        refusals.forEach((rule, attempt) -> {
            String[] part = attempt.split("\\|");
            Map<String, Object> body =
                    Map.of("orderId", part[0], "locationId", part[2], "lines", List.of(line(part[1])));
            as(part[3])
                    .header("Idempotency-Key", "refused-" + rule + "-" + run)
                    .body(body)
                    .post("/api/returns")
                    .then()
                    .statusCode(409)
                    .contentType("application/problem+json")
                    .body("rule", equalTo(rule));
        });
        // Bad input names the field and changes nothing either.
        Map<String, Object> negative = Map.of(
                "orderId",
                sold,
                "locationId",
                "store-001",
                "lines",
                List.of(Map.of("lineId", "l2", "quantity", -1, "reason", "CHANGED_MIND", "condition", "RESELLABLE")));
        as("ada").body(negative).post("/api/returns").then().statusCode(400).contentType("application/problem+json");
        as("ada")
                .body(Map.of(
                        "orderId",
                        sold,
                        "locationId",
                        "store-001",
                        "lines",
                        List.of(Map.of(
                                "lineId", "l2", "quantity", 1, "reason", "NO_REASON", "condition", "RESELLABLE"))))
                .post("/api/returns")
                .then()
                .statusCode(400)
                .contentType("application/problem+json");

        assertEquals(List.of(), as("root").get("/api/returns?orderId=" + sold).path("$"));
        assertEquals(
                List.of(), as("root").get("/api/returns?orderId=" + waiting).path("$"));
        assertEquals(2, onHand("store-001", finalSale));
        assertEquals(2, onHand("store-001", noWindow));
        assertEquals(0, (int) as("root").get("/api/orders/" + sold).path("lines[1].returned"));
    }

    @Test
    void anExchangeForAnotherSizeIsOneReturnAndOneLinkedOrderAndOnlyTheDifferenceMoves() {
        BackOffice backOffice = new BackOffice(system);
        String medium = "SHIRT-M-" + run;
        String large = "SHIRT-L-" + run;
        String small = "SHIRT-S-" + run;
        backOffice.item(medium, 2_599);
        backOffice.item(large, 2_999);
        backOffice.item(small, 1_999);
        for (String sku : List.of(medium, large, small)) {
            backOffice.receive("store-001", sku, 4);
        }
        String sold = counterSale(List.of(Map.of("sku", medium, "quantity", 1)), 2_599);
        Eventually.equal(3, () -> onHand("store-001", medium));

        // Medium for large: the refund pays 25.99 of 29.99; 4.00 is charged.
        Map<String, Object> forLarge = new java.util.HashMap<>(
                Map.of("orderId", sold, "locationId", "store-001", "lines", List.of(line("l1"))));
        forLarge.put("exchange", Map.of("lines", List.of(Map.of("sku", large, "quantity", 1))));
        as("ada")
                .body(forLarge)
                .post("/api/returns/quote")
                .then()
                .statusCode(200)
                .body("exchange.total.amount", equalTo(2_999))
                .body("exchange.credit.amount", equalTo(2_599))
                .body("exchange.toPay.amount", equalTo(400))
                .body("refunds", org.hamcrest.Matchers.empty());
        as("ada")
                .body(forLarge)
                .post("/api/returns")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("exchange.payWith"));
        forLarge.put(
                "exchange",
                Map.of(
                        "lines",
                        List.of(Map.of("sku", large, "quantity", 1)),
                        "payWith",
                        Map.of("type", "CARD", "amount", 400, "currency", "EUR", "reference", "tok_4242424242424242")));
        String key = "exchange-" + run;
        Response accepted = as("ada")
                .header("Idempotency-Key", key)
                .body(forLarge)
                .post("/api/returns")
                .then()
                .statusCode(201)
                .body("exchangeCredit", equalTo(2_599))
                .body("refunds", org.hamcrest.Matchers.empty())
                .extract()
                .response();
        String returnId = accepted.path("id");
        String exchangeOrder = accepted.path("exchangeOrderId");
        as("ada")
                .header("Idempotency-Key", key)
                .body(forLarge)
                .post("/api/returns")
                .then()
                .statusCode(201)
                .body("id", equalTo(returnId))
                .body("exchangeOrderId", equalTo(exchangeOrder));
        Eventually.equal(
                "PICKED_UP",
                () -> as("alice").get("/api/orders/" + exchangeOrder).path("status"));
        Response replacement = as("alice").get("/api/orders/" + exchangeOrder);
        assertEquals("RETURN_CREDIT", replacement.path("tenders[0].type"));
        assertEquals(returnId, replacement.path("tenders[0].reference"));
        assertEquals(2_599, (int) replacement.path("tenders[0].amount.amount"));
        assertEquals("CARD", replacement.path("tenders[1].type"));
        assertEquals(400, (int) replacement.path("tenders[1].amount.amount"));
        assertEquals(
                1, ((List<?>) as("root").get("/api/returns?orderId=" + sold).path("$")).size());
        Eventually.equal(4, () -> onHand("store-001", medium));
        Eventually.equal(3, () -> onHand("store-001", large));

        // Large for small: 19.99 of the 29.99 refund buys it; 10.00 goes back (return credit first).
        Map<String, Object> forSmall = new java.util.HashMap<>(
                Map.of("orderId", exchangeOrder, "locationId", "store-001", "lines", List.of(line("l1"))));
        forSmall.put("exchange", Map.of("lines", List.of(Map.of("sku", small, "quantity", 1))));
        as("ada")
                .header("Idempotency-Key", "exchange-back-" + run)
                .body(forSmall)
                .post("/api/returns")
                .then()
                .statusCode(201)
                .body("money", equalTo(2_999))
                .body("exchangeCredit", equalTo(1_999))
                .body("refunds[0].tender", equalTo("RETURN_CREDIT"))
                .body("refunds[0].amount.amount", equalTo(600))
                .body("refunds[1].tender", equalTo("CARD"))
                .body("refunds[1].amount.amount", equalTo(400));
        Eventually.equal(4, () -> onHand("store-001", large));
        Eventually.equal(3, () -> onHand("store-001", small));

        // The POS's returns of the day: its own store's, newest first; not another store's staff.
        List<Map<String, Object>> today = as("ada")
                .get("/api/returns?locationId=store-001")
                .then()
                .statusCode(200)
                .extract()
                .path("$");
        assertEquals(true, today.size() >= 2);
        assertEquals(exchangeOrder, today.get(0).get("orderId"));
        assertEquals(returnId, today.get(1).get("id"));
        as("ben").get("/api/returns?locationId=store-001").then().statusCode(403);
        as("alice").get("/api/returns?locationId=store-001").then().statusCode(403);
        as("ada")
                .get("/api/returns?locationId=store-001&date=2026-13-45")
                .then()
                .statusCode(400);
    }

    @Test
    void anExchangeOrderWhoseReturnNeverCameIsCancelledAndItsStockGivenBack() {
        String sku = "ORPHAN-" + run;
        BackOffice backOffice = new BackOffice(system);
        backOffice.item(sku, 1_999);
        backOffice.receive("store-001", sku, 2);
        // What the returns service does first; here it "stops" before committing the return.
        String returnId = "ret-never-" + run;
        String orphan = shop.exchangeOrder(returnId, "cus-alice", "store-001", sku, 1_999);
        Eventually.equal(1, () -> as("root").get("/api/stock/store-001/" + sku).path("reserved"));
        // The sweep finds no such return: the order is cancelled and the unit is free again.
        Eventually.equal(
                "CANCELLED", () -> as("root").get("/api/orders/" + orphan).path("status"));
        Eventually.equal(0, () -> as("root").get("/api/stock/store-001/" + sku).path("reserved"));
        assertEquals(2, onHand("store-001", sku));
        // Nobody else may place an exchange order, whatever they send.
        as("ada").body(Map.of()).post("/api/orders/exchanges").then().statusCode(403);
    }
}
