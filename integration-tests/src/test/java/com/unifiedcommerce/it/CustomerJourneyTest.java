package com.unifiedcommerce.it;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.unifiedcommerce.infra.support.Eventually;
import com.unifiedcommerce.infra.support.TestTokens;
import com.unifiedcommerce.it.system.BackOffice;
import com.unifiedcommerce.it.system.RunningSystem;
import com.unifiedcommerce.it.system.Shop;
import com.unifiedcommerce.it.system.SystemExtension;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * One customer in every channel: enrolled at the counter, bought there and earned points; signed
 * up online later with another email, was folded together at the counter; bought online, picked
 * up in store; points, orders and the timeline follow them, once.
 */
@ExtendWith(SystemExtension.class)
class CustomerJourneyTest {

    private RunningSystem system;
    private Shop shop;
    private TestTokens tokens;
    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @BeforeEach
    void stores(RunningSystem system) {
        this.system = system;
        this.shop = new Shop(system);
        this.tokens = shop.tokens();
        new BackOffice(system).store("store-001");
    }

    private RequestSpecification with(String token) {
        return shop.with(token);
    }

    private RequestSpecification as(String user) {
        return shop.as(user);
    }

    private long balance(String customer) {
        return shop.points(customer);
    }

    @Test
    void aCounterGuestAndAWebAccountBecomeOneCustomerWhosePointsOrdersAndHistoryFollow() {
        String sku = "CUS-" + run.toUpperCase();
        BackOffice backOffice = new BackOffice(system);
        backOffice.item(sku, 3_000);
        backOffice.receive("store-001", sku, 10);

        // At the counter: enrolled by phone, buys for 30.00 and earns 30 points.
        // +33 6 1…: a mobile range every number of which is in the numbering plan (not all of +33 6 is).
        String phone = "+33 6 1" + String.format("%07d", Math.floorMod(run.hashCode(), 10_000_000));
        Map<String, Object> enrolment =
                new HashMap<>(Map.of("channel", "STORE", "firstName", "Lea", "phones", List.of(phone)));
        String guest = as("ada")
                .header("Idempotency-Key", "enrol-" + run)
                .body(enrolment)
                .post("/api/customers")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        String counterOrder = shop.counterSale(
                "ada",
                "store-001",
                guest,
                List.of(Map.of("sku", sku, "quantity", 1)),
                Shop.tender("CASH", 3_000, "till-1"));
        Eventually.equal(30L, () -> balance(guest));

        // Online: registers with Keycloak, signs up; the refreshed token carries the customer.
        String username = "lea-" + run;
        tokens.register(username, username + "@example.com", "Lea", "Martin");
        TestTokens.Session session = tokens.signIn(username);
        String web = with(session.accessToken())
                .body(Map.of("channel", "WEB", "consents", Map.of("EMAIL", true)))
                .post("/api/customers")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        String lea = tokens.refresh(session);
        with(lea).get("/api/customers/me").then().statusCode(200).body("id", equalTo(web));

        // At the counter again: the associate finds the guest by phone and, with the code Lea
        // receives on that phone, folds it into her account.
        as("ada")
                .body(Map.of("phone", phone.replace("+33 ", "0")))
                .post("/api/customers/resolve")
                .then()
                .statusCode(200)
                .body("id", equalTo(guest))
                .body("name", equalTo("Lea"));
        String proof = shop.proof("ada", guest, "SMS");
        for (int i = 0; i < 2; i++) {
            as("ada")
                    .body(Map.of("customerId", guest, "proof", proof))
                    .post("/api/customers/" + web + "/merge")
                    .then()
                    .statusCode(200);
        }
        Eventually.equal(30L, () -> balance(web));
        assertEquals(0L, balance(guest));
        Eventually.equal(
                true,
                () -> with(lea)
                        .get("/api/orders?customerId=" + web)
                        .path("items.id")
                        .toString()
                        .contains(counterOrder));
        as("ada")
                .body(Map.of("phone", phone))
                .post("/api/customers/resolve")
                .then()
                .body("id", equalTo(web));

        // Online again: buys for pickup at store 1 and picks it up; 30 more points.
        String webOrder = shop.webPickup(
                lea,
                "store-001",
                List.of(Map.of("sku", sku, "quantity", 1)),
                List.of(Shop.tender("CARD", 3_000, "tok_4242424242424242")),
                0);
        shop.handOver("ada", lea, webOrder);
        Eventually.equal(60L, () -> balance(web));

        // The timeline: the web order's entries newest first, each once; the counter's history came along.
        Eventually.equal(
                List.of("PointsEarned", "OrderPickedUp", "OrderReadyForPickup", "OrderPlaced"),
                () -> with(lea)
                        .get("/api/customers/" + web + "/timeline?size=100")
                        .<List<Map<String, Object>>>path("items")
                        .stream()
                        .filter(i -> webOrder.equals(i.get("orderId")))
                        .map(i -> (String) i.get("type"))
                        .toList());
        with(lea)
                .get("/api/customers/" + web + "/timeline?size=100")
                .then()
                .body("items.type", hasItem("CustomersMerged"))
                .body("items.orderId", hasItem(counterOrder));
        as("alice").get("/api/customers/" + web + "/timeline").then().statusCode(404);

        // The app's home screen in one call: profile, points, recent orders, no pickup waiting.
        with(lea)
                .get("/api/me/overview")
                .then()
                .statusCode(200)
                .body("partial", equalTo(false))
                .body("profile.id", equalTo(web))
                .body("points.balance", equalTo(60))
                .body("recentOrders.id", hasItem(webOrder))
                .body("recentOrders.id", hasItem(counterOrder))
                .body("openPickups.size()", equalTo(0));
    }
}
