package com.unifiedcommerce.it;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
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
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The payment service behind the gateway, with the launcher's provider simulator: a card
 * authorised, captured and partly refunded, the refund settled by the provider's signed webhook,
 * which reaches the payment service through the gateway as it would from outside. Customers cannot
 * move or read money there; the back office reads the journal.
 */
@ExtendWith(SystemExtension.class)
class PaymentJourneyTest {

    private static RequestSpecification as(RunningSystem system, String token) {
        return given().baseUri(system.gatewayUrl()).auth().oauth2(token).contentType("application/json");
    }

    @Test
    void aCardIsAuthorisedCapturedAndRefundedWithTheWebhookComingThroughTheGateway(RunningSystem system) {
        String service = system.tokens().service("order");
        String order = "ord-it-" + UUID.randomUUID();
        as(system, service)
                .body(Map.of(
                        "orderId",
                        order,
                        "amount",
                        Map.of("amount", 8000, "currency", "EUR"),
                        "cardToken",
                        "tok_4242424242424242"))
                .post("/api/payments/cards")
                .then()
                .statusCode(201)
                .body("status", equalTo("AUTHORISED"));
        as(system, service)
                .body(Map.of("amount", Map.of("amount", 8000, "currency", "EUR"), "cause", "pickup"))
                .post("/api/payments/orders/" + order + "/captures")
                .then()
                .statusCode(200)
                .body("captured", equalTo(8000));
        as(system, service)
                .body(Map.of("amount", Map.of("amount", 2500, "currency", "EUR"), "cause", "return-1"))
                .post("/api/payments/orders/" + order + "/refunds")
                .then()
                .statusCode(202)
                .body("refundPending", equalTo(2500));
        String admin = system.tokens().user("root");
        Eventually.equal(
                2500,
                () -> as(system, admin)
                        .get("/api/payments/orders/" + order)
                        .then()
                        .extract()
                        .path("payment.refunded"),
                Duration.ofSeconds(30));
        assertEquals(
                List.of("AUTHORISED", "CAPTURED", "REFUND_REQUESTED", "REFUNDED"),
                as(system, admin)
                        .get("/api/payments/orders/" + order)
                        .then()
                        .extract()
                        .path("entries.kind"));
        String alice = system.tokens().user("alice");
        as(system, alice).get("/api/payments/orders/" + order).then().statusCode(403);
        as(system, alice)
                .body(Map.of("amount", Map.of("amount", 1, "currency", "EUR"), "cause", "mine"))
                .post("/api/payments/orders/" + order + "/refunds")
                .then()
                .statusCode(403);
    }

    // ---- checkout through the order ledger ------------------------------------------------------

    private static final String DECLINED = "tok_4000000000000002";
    private static final String TIME_OUT = "tok_4000000000000259";

    private static String item(RunningSystem system, String name) {
        String sku = name + "-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
        BackOffice backOffice = new BackOffice(system);
        // The stores its journeys use, so that this class also runs on its own.
        backOffice.store("store-001");
        backOffice.store("store-002");
        backOffice.item(sku, 2_599);
        backOffice.receive("store-001", sku, 5);
        return sku;
    }

    private static Map<String, Object> checkout(String sku, String card) {
        return Shop.pickup(
                "store-001", List.of(Map.of("sku", sku, "quantity", 1)), List.of(Shop.tender("CARD", 2_599, card)), 0);
    }

    private static int reserved(Shop shop, String sku) {
        return shop.as("root")
                .get("/api/stock/store-001/" + sku)
                .then()
                .statusCode(200)
                .extract()
                .path("reserved");
    }

    private static io.restassured.path.json.JsonPath payment(RunningSystem system, String order) {
        return as(system, system.tokens().user("root"))
                .get("/api/payments/orders/" + order)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    @Test
    void aBopisCheckoutAuthorisesTheCardBeforeTheOrderIsPlaced(RunningSystem system) {
        Shop shop = new Shop(system);
        String sku = item(system, "PAY");
        String order = shop.webPickup(
                system.tokens().user("alice"),
                "store-001",
                List.of(Map.of("sku", sku, "quantity", 1)),
                List.of(Shop.tender("CARD", 2_599, "tok_4242424242424242")),
                0);
        io.restassured.path.json.JsonPath view = payment(system, order);
        assertEquals("AUTHORISED", view.getString("payment.status"));
        assertEquals(2_599, view.getLong("payment.capturable"));
        assertEquals(List.of("AUTHORISED"), view.getList("entries.kind"));
        // Handed over at the counter: the pickup captures the card amount.
        shop.handOver("ada", system.tokens().user("alice"), order);
        Eventually.equal(2_599L, () -> payment(system, order).getLong("payment.captured"), Duration.ofSeconds(30));
        assertEquals(List.of("AUTHORISED", "CAPTURED"), payment(system, order).getList("entries.kind"));
    }

    @Test
    void aNoShowVoidsTheCardAuthorisation(RunningSystem system) {
        Shop shop = new Shop(system);
        String sku = item(system, "NOSHOW");
        String order = shop.webPickup(
                system.tokens().user("alice"),
                "store-001",
                List.of(Map.of("sku", sku, "quantity", 1)),
                List.of(Shop.tender("CARD", 2_599, "tok_4242424242424242")),
                0);
        shop.as("ada").post("/api/orders/" + order + "/ready").then().statusCode(200);
        // The end-to-end system waits 10 s for the customer (ORDER_PICKUP_HOLD) before the no-show.
        Eventually.equal("VOIDED", () -> payment(system, order).getString("payment.status"), Duration.ofSeconds(60));
        assertEquals(List.of("AUTHORISED", "VOIDED"), payment(system, order).getList("entries.kind"));
        assertEquals("cancelled-NO_SHOW", payment(system, order).getString("entries[1].cause"));
    }

    @Test
    void aDeclinedCardIsAnswered402NamingTheTenderAndHoldsNothing(RunningSystem system) {
        Shop shop = new Shop(system);
        String sku = item(system, "DECLINE");
        shop.with(system.tokens().user("alice"))
                .body(checkout(sku, DECLINED))
                .post("/api/orders")
                .then()
                .statusCode(402)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:commerce:problem:payment-declined"))
                .body("tender", equalTo("CARD"))
                .body("declineCode", equalTo("card_declined"));
        assertEquals(0, reserved(shop, sku), "the stock held for the checkout was given back");
    }

    @Test
    void theSameCheckoutRetriedAfterAProviderTimeOutAuthorisesOnce(RunningSystem system) {
        Shop shop = new Shop(system);
        String sku = item(system, "TIMEOUT");
        String key = "pay-timeout-" + UUID.randomUUID();
        String alice = system.tokens().user("alice");
        shop.with(alice)
                .header("Idempotency-Key", key)
                .body(checkout(sku, TIME_OUT))
                .post("/api/orders")
                .then()
                .statusCode(503);
        assertEquals(0, reserved(shop, sku));
        String order = shop.with(alice)
                .header("Idempotency-Key", key)
                .body(checkout(sku, TIME_OUT))
                .post("/api/orders")
                .then()
                .statusCode(201)
                .body("status", equalTo("PLACED"))
                .extract()
                .path("id");
        io.restassured.path.json.JsonPath view = payment(system, order);
        assertEquals("AUTHORISED", view.getString("payment.status"));
        assertEquals(List.of("AUTHORISED"), view.getList("entries.kind"), "one authorisation for the two attempts");
    }

    private static final String LATE = "tok_4000000000000077";

    /**
     * A caller that stops waiting (a POS giving up, the gateway's time-out) does not stop the
     * checkout half-way: the order service finishes it, so the repeat with the same key is answered
     * with the order. Before, leaving cancelled the checkout between its steps (stock held, card
     * authorised, the order PENDING), and every repeat was told "still being processed" until the
     * sweep gave the checkout up (30 s here, 2 minutes in production): the chaos run's minutes of
     * 504s after a database restart.
     */
    @Test
    void aCheckoutWhoseCallerStoppedWaitingIsFinishedAndItsRepeatAnswered(RunningSystem system) throws Exception {
        Shop shop = new Shop(system);
        String sku = item(system, "LEFT");
        String key = "pay-left-" + UUID.randomUUID();
        String alice = system.tokens().user("alice");
        String body = new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(checkout(sku, LATE));
        // Straight to the order service, giving up after 700 ms while the provider takes 2 s.
        HttpClient impatient =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(system.serviceUrl("order") + "/api/orders"))
                .timeout(Duration.ofMillis(700))
                .header("Authorization", "Bearer " + alice)
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", key)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        assertThrows(HttpTimeoutException.class, () -> impatient.send(request, HttpResponse.BodyHandlers.ofString()));
        // The repeat through the gateway: "still being processed" (409) for a moment, then the order.
        long until = System.nanoTime() + Duration.ofSeconds(12).toNanos();
        int status;
        io.restassured.response.Response repeat;
        do {
            repeat = shop.with(alice).header("Idempotency-Key", key).body(body).post("/api/orders");
            status = repeat.statusCode();
            if (status == 409) {
                Thread.sleep(500);
            }
        } while (status == 409 && System.nanoTime() < until);
        assertEquals(201, status, repeat.asString());
        assertEquals("PLACED", repeat.path("status"));
        String order = repeat.path("id");
        assertEquals(List.of("AUTHORISED"), payment(system, order).getList("entries.kind"));
        assertEquals(1, reserved(shop, sku), "one hold, for the order");
    }

    @Test
    void aProviderThatDoesNotAnswerFailsTheCheckoutQuicklyAndHoldsNothing(RunningSystem system) {
        Shop shop = new Shop(system);
        String sku = item(system, "DOWN");
        try (Faults.Paused provider = system.faults().pause("payment-provider")) {
            long started = System.nanoTime();
            shop.with(system.tokens().user("alice"))
                    .body(checkout(sku, "tok_4242424242424242"))
                    .post("/api/orders")
                    .then()
                    .statusCode(503)
                    .contentType("application/problem+json");
            assertEquals(
                    true, Duration.ofNanos(System.nanoTime() - started).toSeconds() < 10, "answered within seconds");
            assertEquals(0, reserved(shop, sku), "nothing stays held");
        }
        // What the provider authorised while nobody heard its answer is cancelled there by the
        // payment service's sweep (CheckoutAttemptsTest in services/payment shows it).
    }

    // ---- gift cards ------------------------------------------------------------------------------

    private static String giftCard(RunningSystem system, long amount) {
        return as(system, system.tokens().user("root"))
                .header("Idempotency-Key", "gift-" + UUID.randomUUID())
                .body(Map.of("amount", Map.of("amount", amount, "currency", "EUR")))
                .post("/api/payments/gift-cards")
                .then()
                .statusCode(201)
                .extract()
                .path("code");
    }

    private static io.restassured.path.json.JsonPath giftCardView(RunningSystem system, String code) {
        return as(system, system.tokens().user("alice"))
                .get("/api/payments/gift-cards/" + code)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    @Test
    void aGiftCardAndACardPayABopisOrderAndAReturnAtAnotherStoreRefundsEachItsPart(RunningSystem system) {
        Shop shop = new Shop(system);
        String sku = item(system, "GIFT");
        String code = giftCard(system, 1_000);
        String alice = system.tokens().user("alice");
        String order = shop.webPickup(
                alice,
                "store-001",
                List.of(Map.of("sku", sku, "quantity", 2)),
                List.of(Shop.tender("GIFT_CARD", 1_000, code), Shop.tender("CARD", 4_198, "tok_4242424242424242")),
                0);
        assertEquals(0, giftCardView(system, code).getLong("available"), "the gift card's value is held");
        assertEquals(1_000, giftCardView(system, code).getLong("balance"));
        shop.handOver("ada", alice, order);
        Eventually.equal(0L, () -> giftCardView(system, code).getLong("balance"), Duration.ofSeconds(30));
        Eventually.equal(4_198L, () -> payment(system, order).getLong("payment.captured"), Duration.ofSeconds(30));

        // One unit back at another store: 25.99, gift card first (10.00), the rest (15.99) to the card.
        String returnId = shop.as("ben")
                .header("Idempotency-Key", "gift-return-" + UUID.randomUUID())
                .body(Map.of(
                        "orderId",
                        order,
                        "locationId",
                        "store-002",
                        "lines",
                        List.of(Map.of(
                                "lineId", "l1", "quantity", 1, "reason", "WRONG_SIZE", "condition", "RESELLABLE"))))
                .post("/api/returns")
                .then()
                .statusCode(201)
                .body("refunds.find { it.tender == 'GIFT_CARD' }.amount.amount", equalTo(1_000))
                .body("refunds.find { it.tender == 'CARD' }.amount.amount", equalTo(1_599))
                .body("refundStatus", equalTo("PENDING"))
                .extract()
                .path("id");
        Eventually.equal(1_000L, () -> giftCardView(system, code).getLong("balance"), Duration.ofSeconds(30));
        Eventually.equal(1_599L, () -> payment(system, order).getLong("payment.refunded"), Duration.ofSeconds(30));
        Eventually.equal(
                "REFUNDED",
                () -> shop.with(alice).get("/api/returns/" + returnId).path("refundStatus"),
                Duration.ofSeconds(30));
    }

    @Test
    void aCustomerWhoAsksForStoreCreditGetsANewGiftCardAndTheCardIsLeftAlone(RunningSystem system) {
        Shop shop = new Shop(system);
        String sku = item(system, "CREDIT");
        String alice = system.tokens().user("alice");
        String order = shop.webPickup(
                alice,
                "store-001",
                List.of(Map.of("sku", sku, "quantity", 1)),
                List.of(Shop.tender("CARD", 2_599, "tok_4242424242424242")),
                0);
        shop.handOver("ada", alice, order);
        Eventually.equal(2_599L, () -> payment(system, order).getLong("payment.captured"), Duration.ofSeconds(30));
        Map<String, Object> body = Map.of(
                "orderId",
                order,
                "locationId",
                "store-002",
                "refundTo",
                "STORE_CREDIT",
                "lines",
                List.of(Map.of("lineId", "l1", "quantity", 1, "reason", "CHANGED_MIND", "condition", "RESELLABLE")));
        shop.as("ben")
                .body(body)
                .post("/api/returns/quote")
                .then()
                .statusCode(200)
                .body("refunds.size()", equalTo(1))
                .body("refunds[0].tender", equalTo("STORE_CREDIT"))
                .body("refunds[0].amount.amount", equalTo(2_599));
        String returnId = shop.as("ben")
                .header("Idempotency-Key", "credit-" + UUID.randomUUID())
                .body(body)
                .post("/api/returns")
                .then()
                .statusCode(201)
                .body("refundStatus", equalTo("PENDING"))
                .extract()
                .path("id");
        Eventually.equal(
                "REFUNDED",
                () -> shop.with(alice).get("/api/returns/" + returnId).path("refundStatus"),
                Duration.ofSeconds(30));
        // The customer reads the new card's code on the return, and spends it like any gift card.
        String code = shop.with(alice).get("/api/returns/" + returnId).path("settlements[0].reference");
        assertEquals(2_599L, giftCardView(system, code).getLong("balance"));
        assertEquals(0L, payment(system, order).getLong("payment.refunded"), "nothing went back on the card");
        shop.with(alice)
                .body(Shop.pickup(
                        "store-001",
                        List.of(Map.of("sku", sku, "quantity", 1)),
                        List.of(Shop.tender("STORE_CREDIT", 2_599, returnId)),
                        0))
                .post("/api/orders")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("tenders[0].type"));
    }

    @Test
    void aGiftCardWithTooLittleOnItIsAnswered402NamingTheTenderAndHoldsNothing(RunningSystem system) {
        Shop shop = new Shop(system);
        String sku = item(system, "GIFTLOW");
        String code = giftCard(system, 500);
        shop.with(system.tokens().user("alice"))
                .body(Shop.pickup(
                        "store-001",
                        List.of(Map.of("sku", sku, "quantity", 1)),
                        List.of(
                                Shop.tender("GIFT_CARD", 1_000, code),
                                Shop.tender("CARD", 1_599, "tok_4242424242424242")),
                        0))
                .post("/api/orders")
                .then()
                .statusCode(402)
                .contentType("application/problem+json")
                .body("tender", equalTo("GIFT_CARD"))
                .body("errors[0].field", equalTo("tenders.reference"));
        assertEquals(0, reserved(shop, sku), "the stock held for the checkout was given back");
        assertEquals(500, giftCardView(system, code).getLong("available"));
        shop.with(system.tokens().user("alice"))
                .body(Shop.pickup(
                        "store-001",
                        List.of(Map.of("sku", sku, "quantity", 1)),
                        List.of(Shop.tender("GIFT_CARD", 2_599, "not-a-code")),
                        0))
                .post("/api/orders")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("tenders[0].reference"));
    }
}
