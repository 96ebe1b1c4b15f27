package com.unifiedcommerce.it;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.unifiedcommerce.it.system.BackOffice;
import com.unifiedcommerce.it.system.RunningSystem;
import com.unifiedcommerce.it.system.Shop;
import com.unifiedcommerce.it.system.SystemExtension;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Returns under the pressure a busy counter puts on them, through the gateway: concurrent returns
 * of one order never refund a tender beyond what it paid, an exchange's replacement cannot be
 * ended by anyone but the exchange, and a return repeated after its key expired is the same return.
 */
@ExtendWith(SystemExtension.class)
class ReturnSafetyJourneyTest {

    private RunningSystem system;
    private Shop shop;
    private final String run = UUID.randomUUID().toString().substring(0, 8).toUpperCase();

    @BeforeEach
    void stores(RunningSystem system) {
        this.system = system;
        this.shop = new Shop(system);
        new BackOffice(system).store("store-001");
    }

    private String item(String name, long price, int units) {
        String sku = name + "-" + run;
        BackOffice backOffice = new BackOffice(system);
        backOffice.item(sku, price);
        backOffice.receive("store-001", sku, units);
        return sku;
    }

    private static Map<String, Object> line(String lineId) {
        return Map.of("lineId", lineId, "quantity", 1, "reason", "CHANGED_MIND", "condition", "RESELLABLE");
    }

    /**
     * Two 50.00 lines paid 30.00 by card and 70.00 cash, both returned at the same moment at the
     * counter: the card gets back exactly 30.00 and the drawer 70.00, never the card 60.00.
     */
    @Test
    void twoReturnsOfOneOrderAtOnceNeverRefundATenderBeyondWhatItPaid() throws Exception {
        String a = item("PAIR-A", 5_000, 8);
        String b = item("PAIR-B", 5_000, 8);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        String ada = shop.tokens().user("ada");
        try {
            for (int round = 0; round < 4; round++) {
                String order = shop.with(ada)
                        .body(Map.of(
                                "channel",
                                "STORE",
                                "fulfilment",
                                "CARRY_OUT",
                                "locationId",
                                "store-001",
                                "lines",
                                List.of(Map.of("sku", a, "quantity", 1), Map.of("sku", b, "quantity", 1)),
                                "tenders",
                                List.of(
                                        Shop.tender("CARD", 3_000, "tok_4242424242424242"),
                                        Shop.tender("CASH", 7_000, "drawer"))))
                        .post("/api/orders")
                        .then()
                        .statusCode(201)
                        .extract()
                        .path("id");
                List<Future<Response>> returns = new ArrayList<>();
                for (String lineId : List.of("l1", "l2")) {
                    returns.add(pool.submit(() -> shop.with(ada)
                            .body(Map.of("orderId", order, "locationId", "store-001", "lines", List.of(line(lineId))))
                            .post("/api/returns")));
                }
                Map<String, Long> refunded = new HashMap<>();
                for (Future<Response> answer : returns) {
                    Response accepted = answer.get();
                    assertEquals(201, accepted.statusCode(), accepted.asString());
                    List<Map<String, Object>> refunds = accepted.path("refunds");
                    for (Map<String, Object> refund : refunds) {
                        long amount = ((Number) ((Map<?, ?>) refund.get("amount")).get("amount")).longValue();
                        refunded.merge((String) refund.get("tender"), amount, Long::sum);
                    }
                }
                assertEquals(Map.of("CARD", 3_000L, "CASH", 7_000L), refunded, "round " + round);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(
                Boolean.TRUE, shop.as("root").get("/api/returns/invariants").path("holds"));
    }

    /**
     * A replacement waiting for its return is the exchange's alone: neither its customer nor the
     * store can cancel it (the return's refund was already reduced by what it paid).
     */
    @Test
    void anExchangeReplacementWaitingForItsReturnCannotBeCancelledByTheCustomerOrTheStore() {
        String sku = item("SWAP", 1_999, 2);
        String returnId = "ret-waiting-" + run;
        String replacement = shop.exchangeOrder(returnId, "cus-alice", "store-001", sku, 1_999);
        shop.as("alice").post("/api/orders/" + replacement + "/cancel").then().statusCode(409);
        shop.as("ada").post("/api/orders/" + replacement + "/cancel").then().statusCode(409);
        shop.as("root").post("/api/orders/" + replacement + "/cancel").then().statusCode(409);
        assertEquals(1, (int) shop.as("root").get("/api/stock/store-001/" + sku).path("reserved"));
        // Its return never comes: the order ledger gives it up (the sweep), and only then is it cancelled.
        com.unifiedcommerce.infra.support.Eventually.equal(
                "CANCELLED",
                () -> shop.as("root").get("/api/orders/" + replacement).path("status"));
    }

    /** A return repeated with its key after the key's own record expired is answered, not a 500. */
    @Test
    void aReturnRepeatedAfterItsKeyExpiredIsTheSameReturnAndAnotherBodyIsRefused() throws Exception {
        String sku = item("LATE-RET", 2_599, 3);
        String order = shop.counterSale(
                "ada",
                "store-001",
                null,
                List.of(Map.of("sku", sku, "quantity", 2)),
                Shop.tender("CASH", 5_198, "drawer"));
        String key = "late-return-" + run;
        Map<String, Object> body = Map.of("orderId", order, "locationId", "store-001", "lines", List.of(line("l1")));
        String id = shop.as("ada")
                .header("Idempotency-Key", key)
                .body(body)
                .post("/api/returns")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        // The end-to-end system keeps the returns service's keys a few seconds (COMMERCE_IDEMPOTENCY_RETENTION).
        Thread.sleep(Duration.ofSeconds(6));
        shop.as("ada")
                .header("Idempotency-Key", key)
                .body(body)
                .post("/api/returns")
                .then()
                .statusCode(201)
                .header("Idempotent-Replayed", "true")
                .body("id", equalTo(id));
        Map<String, Object> other = Map.of(
                "orderId",
                order,
                "locationId",
                "store-001",
                "lines",
                List.of(Map.of("lineId", "l1", "quantity", 1, "reason", "DEFECTIVE", "condition", "DAMAGED")));
        shop.as("ada")
                .header("Idempotency-Key", key)
                .body(other)
                .post("/api/returns")
                .then()
                .statusCode(422);
        List<?> returns = shop.as("root").get("/api/returns?orderId=" + order).path("$");
        assertTrue(returns.size() == 1, "one return: " + returns);
    }
}
