package com.unifiedcommerce.payment.api;

import static com.unifiedcommerce.payment.PaymentTestSupport.asOrderService;
import static com.unifiedcommerce.payment.PaymentTestSupport.paymentEvents;
import static com.unifiedcommerce.payment.PaymentTestSupport.publish;
import static com.unifiedcommerce.payment.PaymentTestSupport.tokens;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.unifiedcommerce.contracts.EventType;
import com.unifiedcommerce.contracts.payments.RefundSettled;
import com.unifiedcommerce.infra.support.Eventually;
import com.unifiedcommerce.infra.support.InfrastructureTestResource;
import com.unifiedcommerce.platform.messaging.IncomingEvent;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Gift cards through the payment service's API and the real topics: issued once per key, held at
 * checkout without ever spending more than a card has (also under concurrent checkouts), redeemed
 * at hand-over, released on cancellation, refunded by a return, each once however often the event
 * comes.
 */
@QuarkusTest
@WithTestResource(
        value = InfrastructureTestResource.class,
        initArgs = {@ResourceArg(name = "postgres", value = "payments"), @ResourceArg(name = "keycloak", value = "true")
        })
class GiftCardTest {

    @jakarta.inject.Inject
    com.unifiedcommerce.payment.app.GiftCardLedger ledger;

    private static String admin;
    private static String customer;

    @BeforeAll
    static void tokens_() {
        admin = tokens().user("root");
        customer = tokens().user("alice");
    }

    private static RequestSpecification as(String token) {
        return given().auth().oauth2(token).contentType("application/json");
    }

    private static String issue(long amount) {
        return as(admin)
                .header("Idempotency-Key", "issue-" + UUID.randomUUID())
                .body(Map.of("amount", Map.of("amount", amount, "currency", "EUR")))
                .post("/api/payments/gift-cards")
                .then()
                .statusCode(201)
                .extract()
                .path("code");
    }

    private static int available(String code) {
        return as(customer)
                .get("/api/payments/gift-cards/" + code)
                .then()
                .statusCode(200)
                .extract()
                .path("available");
    }

    private static int balance(String code) {
        return as(customer)
                .get("/api/payments/gift-cards/" + code)
                .then()
                .statusCode(200)
                .extract()
                .path("balance");
    }

    private static int hold(String code, String order, long amount, int attempt) {
        return asOrderService()
                .body(Map.of(
                        "orderId", order, "amount", Map.of("amount", amount, "currency", "EUR"), "attempt", attempt))
                .post("/api/payments/gift-cards/" + code + "/holds")
                .then()
                .extract()
                .statusCode();
    }

    @Test
    void issuingIsOncePerKeyAndOnlyForTheBackOffice() {
        String key = "issue-" + UUID.randomUUID();
        Map<String, Object> body = Map.of("amount", Map.of("amount", 2_500, "currency", "EUR"));
        String code = as(admin)
                .header("Idempotency-Key", key)
                .body(body)
                .post("/api/payments/gift-cards")
                .then()
                .statusCode(201)
                .body("balance", equalTo(2_500))
                .body("available", equalTo(2_500))
                .extract()
                .path("code");
        as(admin)
                .header("Idempotency-Key", key)
                .body(body)
                .post("/api/payments/gift-cards")
                .then()
                .statusCode(201)
                .body("code", equalTo(code));
        as(admin).body(body).post("/api/payments/gift-cards").then().statusCode(400);
        as(customer)
                .header("Idempotency-Key", "issue-" + UUID.randomUUID())
                .body(body)
                .post("/api/payments/gift-cards")
                .then()
                .statusCode(403);
        as(admin)
                .header("Idempotency-Key", "issue-" + UUID.randomUUID())
                .body(Map.of("amount", Map.of("amount", -5, "currency", "EUR")))
                .post("/api/payments/gift-cards")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("amount.amount"));
        as(customer).get("/api/payments/gift-cards/12ab").then().statusCode(400);
        as(customer).get("/api/payments/gift-cards/0000000000000000").then().statusCode(404);
        assertEquals(2_500, balance(code));
    }

    @Test
    void holdsNeverSpendMoreThanTheCardHasAndTheNewestAttemptOwnsThem() {
        String code = issue(5_000);
        String order = "ord-" + UUID.randomUUID();
        assertEquals(201, hold(code, order, 3_000, 1));
        assertEquals(201, hold(code, order, 3_000, 1));
        assertEquals(2_000, available(code));
        assertEquals(402, hold(code, "ord-" + UUID.randomUUID(), 2_001, 0));
        // A newer attempt of the same checkout holds its own amount instead; an older one is refused.
        assertEquals(201, hold(code, order, 1_000, 2));
        assertEquals(4_000, available(code));
        assertEquals(409, hold(code, order, 3_000, 1));
        // A failed attempt gives back its hold; releasing again changes nothing.
        asOrderService()
                .body(Map.of("attempt", 2))
                .post("/api/payments/orders/" + order + "/gift-cards/release")
                .then()
                .statusCode(200)
                .body("holds", equalTo(1));
        asOrderService()
                .body(Map.of("attempt", 2))
                .post("/api/payments/orders/" + order + "/gift-cards/release")
                .then()
                .body("holds", equalTo(0));
        assertEquals(5_000, available(code));
        // The given-up attempt cannot hold again (a late step of it takes nothing); the next one can.
        assertEquals(409, hold(code, order, 1_000, 2));
        assertEquals(5_000, available(code));
        assertEquals(201, hold(code, order, 1_000, 3));
        assertEquals(4_000, available(code));
        assertEquals(404, hold("0000000000000001", order, 100, 3));
        asOrderService()
                .body(Map.of("orderId", order, "amount", Map.of("amount", 100, "currency", "USD"), "attempt", 3))
                .post("/api/payments/gift-cards/" + code + "/holds")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("amount.currency"));
        as(customer)
                .body(Map.of("orderId", order, "amount", Map.of("amount", 100, "currency", "EUR"), "attempt", 3))
                .post("/api/payments/gift-cards/" + code + "/holds")
                .then()
                .statusCode(403);
    }

    @Test
    void twentyConcurrentCheckoutsOfTenOnACardOfFiftyHoldExactlyFive() throws Exception {
        String code = issue(5_000);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                answers.add(pool.submit(() -> hold(code, "ord-" + UUID.randomUUID(), 1_000, 1)));
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> answer : answers) {
                statuses.add(answer.get());
            }
            assertEquals(5, statuses.stream().filter(s -> s == 201).count(), statuses.toString());
            assertEquals(15, statuses.stream().filter(s -> s == 402).count(), statuses.toString());
        } finally {
            pool.shutdownNow();
        }
        assertEquals(0, available(code));
        assertEquals(5_000, balance(code));
    }

    @Test
    void aHandOverRedeemsACancellationReleasesAndAReturnRefundsEachOnce() {
        String code = issue(5_000);
        String picked = "ord-" + UUID.randomUUID();
        String cancelled = "ord-" + UUID.randomUUID();
        assertEquals(201, hold(code, picked, 3_000, 1));
        assertEquals(201, hold(code, cancelled, 1_500, 1));
        String pickup = "{\"orderId\":\"" + picked + "\",\"customerId\":\"cus-x\",\"channel\":\"WEB\","
                + "\"locationId\":\"store-001\",\"lines\":[]}";
        publish(EventType.ORDER_PICKED_UP, picked, pickup);
        publish(EventType.ORDER_PICKED_UP, picked, pickup);
        String cancellation = "{\"orderId\":\"" + cancelled
                + "\",\"customerId\":\"cus-x\",\"reason\":\"NO_SHOW\",\"locationId\":null}";
        publish(EventType.ORDER_CANCELLED, cancelled, cancellation);
        publish(EventType.ORDER_CANCELLED, cancelled, cancellation);
        Eventually.equal(2_000, () -> balance(code), Duration.ofSeconds(30));
        Eventually.equal(2_000, () -> available(code), Duration.ofSeconds(30));
        asOrderService()
                .get("/api/payments/orders/" + picked + "/gift-cards")
                .then()
                .statusCode(200)
                .body("[0].status", equalTo("CAPTURED"))
                .body("[0].card", equalTo("…" + code.substring(12)));

        // A return gives 12.00 of the 30.00 back to the card, once however often it comes.
        String returnId = "ret-" + UUID.randomUUID();
        String accepted = "{\"returnId\":\"" + returnId + "\",\"orderId\":\"" + picked + "\",\"customerId\":\"cus-x\","
                + "\"channel\":\"STORE\",\"locationId\":\"store-002\",\"lines\":[],"
                + "\"refunds\":[{\"tender\":\"GIFT_CARD\",\"amount\":{\"amount\":1200,\"currency\":\"EUR\"},"
                + "\"reference\":\"" + code + "\"}],\"pointsRefunded\":0,\"pointsReversed\":0}";
        // First, on the same partition, a return that refunds a gift card its order never held: no
        // hand-over will ever redeem it, so it is a dead letter and must not hold up the next one.
        String never = "ord-" + UUID.randomUUID();
        publish(
                EventType.RETURN_ACCEPTED,
                picked,
                accepted.replace(returnId, "ret-" + UUID.randomUUID()).replace(picked, never));
        publish(EventType.RETURN_ACCEPTED, picked, accepted);
        publish(EventType.RETURN_ACCEPTED, picked, accepted);
        Eventually.equal(3_200, () -> balance(code), Duration.ofSeconds(30));
        List<IncomingEvent> settled = paymentEvents(picked);
        assertEquals(1, settled.size());
        RefundSettled refund = settled.get(0).payload(new ObjectMapper(), RefundSettled.class);
        assertEquals(returnId, refund.returnId());
        assertEquals("GIFT_CARD", refund.tender().name());
        assertEquals(1_200, refund.amount().amount());
        assertEquals(3_200, balance(code));
        asOrderService()
                .get("/api/payments/orders/" + picked + "/gift-cards")
                .then()
                .body("[0].refunded", equalTo(1_200));
        // The ledger checked from scratch: balances are their transfers, sum to zero, held is the holds.
        as(admin)
                .get("/api/payments/invariants")
                .then()
                .statusCode(200)
                .body("checks.findAll { it.name.startsWith('gift-') }.size()", equalTo(4))
                .body(
                        "checks.findAll { it.name.startsWith('gift-') && it.violations > 0 }",
                        org.hamcrest.Matchers.empty());
    }

    @Test
    void storeCreditIsANewGiftCardIssuedOncePerReturn() {
        // Asked of the ledger directly, as ReturnsIntoPayments does for each delivery of the return's
        // event: a fake ReturnAccepted on the shared topic would be replayed by every later system
        // on this broker (the chaos run's), which would issue a card for a return it never held.
        String order = "ord-" + UUID.randomUUID();
        String returnId = "ret-" + UUID.randomUUID();
        String code = ledger.storeCredit(returnId, order, 2_599, "EUR").await().atMost(Duration.ofSeconds(10));
        assertEquals(
                code, ledger.storeCredit(returnId, order, 2_599, "EUR").await().atMost(Duration.ofSeconds(10)));
        assertEquals(2_599, balance(code));
        assertEquals(2_599, available(code));
        List<IncomingEvent> settled = paymentEvents(order);
        assertEquals(1, settled.size(), "one card, one announcement");
        RefundSettled credit = settled.get(0).payload(new ObjectMapper(), RefundSettled.class);
        assertEquals("STORE_CREDIT", credit.tender().name());
        assertEquals(returnId, credit.returnId());
        assertEquals(code, credit.providerRef());
    }

    @Test
    void fiveConcurrentDeliveriesOfOneReturnsGiftCardRefundGiveItBackOnce() {
        String code = issue(5_000);
        String order = "ord-" + UUID.randomUUID();
        assertEquals(201, hold(code, order, 3_000, 1));
        assertEquals(1, ledger.redeem(order, "test").await().atMost(Duration.ofSeconds(10)));
        String cause = "return-ret-" + UUID.randomUUID();
        List<io.smallrye.mutiny.Uni<Boolean>> deliveries = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            deliveries.add(ledger.refund(order, code, 1_200, cause, "test"));
        }
        List<Boolean> moved = io.smallrye.mutiny.Uni.join()
                .all(deliveries)
                .andCollectFailures()
                .await()
                .atMost(Duration.ofSeconds(20));
        assertEquals(1, moved.stream().filter(Boolean::booleanValue).count(), moved.toString());
        assertEquals(3_200, balance(code));
    }
}
