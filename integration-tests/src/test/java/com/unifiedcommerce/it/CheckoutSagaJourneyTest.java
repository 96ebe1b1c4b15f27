package com.unifiedcommerce.it;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.unifiedcommerce.infra.support.Eventually;
import com.unifiedcommerce.infra.support.Faults;
import com.unifiedcommerce.it.system.BackOffice;
import com.unifiedcommerce.it.system.RunningSystem;
import com.unifiedcommerce.it.system.Shop;
import com.unifiedcommerce.it.system.SystemExtension;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Checkout retried, replayed and delayed as clients and a slow broker really do it, through the
 * gateway: whatever happens, a placed order has its stock held, and a refused or replayed checkout
 * holds nothing it should not.
 */
@ExtendWith(SystemExtension.class)
class CheckoutSagaJourneyTest {

    private RunningSystem system;
    private Shop shop;
    private final String run = UUID.randomUUID().toString().substring(0, 8).toUpperCase();

    @BeforeEach
    void stores(RunningSystem system) {
        this.system = system;
        this.shop = new Shop(system);
        new BackOffice(system).store("store-001");
    }

    private String item(String name, int units) {
        String sku = name + "-" + run;
        BackOffice backOffice = new BackOffice(system);
        backOffice.item(sku, 2_599);
        backOffice.receive("store-001", sku, units);
        return sku;
    }

    private Map<String, Integer> stock(String sku) {
        return shop.as("root")
                .get("/api/stock/store-001/" + sku)
                .then()
                .statusCode(200)
                .extract()
                .path("$");
    }

    private static Map<String, Object> pickup(String sku, int quantity, long card, long points, String reference) {
        return Shop.pickup(
                "store-001",
                List.of(Map.of("sku", sku, "quantity", quantity)),
                card == 0 ? List.of() : List.of(Shop.tender("CARD", card, reference)),
                points);
    }

    @Test
    void aCheckoutRefusedForItsPointsAndRetriedWithTheSameKeyHoldsItsStockAgain() {
        String sku = item("RETRY", 4);
        Shop.Customer lou = shop.newCustomer("lou-" + run.toLowerCase());
        shop.givePoints(lou.id(), 100);
        String key = "retry-" + run;

        // 2 x 25.99 with 500 points: more than the customer has, refused after the stock was held.
        shop.with(lou.token())
                .header("Idempotency-Key", key)
                .body(pickup(sku, 2, 5_198 - 500, 500, "tok_4242424242424242"))
                .post("/api/orders")
                .then()
                .statusCode(409)
                .body("availablePoints", equalTo(100));
        assertEquals(0, stock(sku).get("reserved"));

        // Corrected and retried with the same key: a new attempt, with its own hold.
        String id = shop.with(lou.token())
                .header("Idempotency-Key", key)
                .body(pickup(sku, 2, 5_198, 0, "tok_4242424242424242"))
                .post("/api/orders")
                .then()
                .statusCode(201)
                .body("status", equalTo("PLACED"))
                .extract()
                .path("id");
        assertEquals(2, stock(sku).get("reserved"), "the placed order's units are held");
        assertEquals(2, stock(sku).get("available"));

        // Handed over: the units leave on hand.
        shop.handOver("ada", lou.token(), id);
        Eventually.equal(2, () -> stock(sku).get("onHand"));
        assertEquals(0, stock(sku).get("reserved"));
    }

    @Test
    void aPlacedCheckoutSentAgainWithAnotherBodyIsRefusedAndKeepsItsStock() {
        String sku = item("REPLAY", 3);
        Shop.Customer mia = shop.newCustomer("mia-" + run.toLowerCase());
        shop.givePoints(mia.id(), 1_000);
        String key = "replay-" + run;
        String id = shop.with(mia.token())
                .header("Idempotency-Key", key)
                .body(pickup(sku, 1, 2_599, 0, "tok_4242424242424242"))
                .post("/api/orders")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        assertEquals(1, stock(sku).get("reserved"));

        // Another card reference, then other points: the key's checkout is placed; nothing undone.
        shop.with(mia.token())
                .header("Idempotency-Key", key)
                .body(pickup(sku, 1, 2_599, 0, "tok_5555555555554444"))
                .post("/api/orders")
                .then()
                .statusCode(422)
                .body("type", equalTo("urn:commerce:problem:idempotency-key-reused"));
        shop.with(mia.token())
                .header("Idempotency-Key", key)
                .body(pickup(sku, 1, 2_599 - 200, 200, "tok_4242424242424242"))
                .post("/api/orders")
                .then()
                .statusCode(422);
        assertEquals(1, stock(sku).get("reserved"), "the placed order still holds its unit");
        shop.with(mia.token()).get("/api/orders/" + id).then().statusCode(200).body("status", equalTo("PLACED"));

        // The same request again is the same order, replayed.
        shop.with(mia.token())
                .header("Idempotency-Key", key)
                .body(pickup(sku, 1, 2_599, 0, "tok_4242424242424242"))
                .post("/api/orders")
                .then()
                .statusCode(201)
                .header("Idempotent-Replayed", "true")
                .body("id", equalTo(id));
        assertEquals(1, stock(sku).get("reserved"));
        assertEquals(1_000L, shop.points(mia.id()));
    }

    /**
     * The broker hangs longer than a hold lives: OrderPlaced reaches inventory late. The placed
     * order's stock must stay held all the same (the hold was committed before the order was
     * placed), and leave on hand when the order is handed over.
     */
    @Test
    void aPlacedOrderKeepsItsStockHeldWhileItsOrderPlacedIsLate() {
        String sku = item("LATE", 2);
        Shop.Customer noe = shop.newCustomer("noe-" + run.toLowerCase());
        String id;
        Faults.Paused broker = system.faults().pause("kafka");
        try (broker) {
            id = shop.with(noe.token())
                    .body(pickup(sku, 1, 2_599, 0, "tok_4242424242424242"))
                    .post("/api/orders")
                    .then()
                    .statusCode(201)
                    .extract()
                    .path("id");
            // Longer than the end-to-end system's holds live (ORDER_HOLD_SECONDS), with the expiry
            // job running every second meanwhile.
            sleep(Duration.ofSeconds(36));
            assertEquals(1, stock(sku).get("reserved"), "the placed order's hold outlived its time to live");
        }
        shop.handOver("ada", noe.token(), id);
        // The relays and consumers find the broker again (they back off while it hangs).
        Eventually.equal(1, () -> stock(sku).get("onHand"), Duration.ofSeconds(90));
        assertEquals(0, stock(sku).get("reserved"));
        Response order = shop.with(noe.token()).get("/api/orders/" + id);
        assertEquals("PICKED_UP", order.path("status"));
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
