package com.unifiedcommerce.payment.api;

import static com.unifiedcommerce.payment.PaymentTestSupport.asOrderService;
import static com.unifiedcommerce.payment.PaymentTestSupport.atProvider;
import static com.unifiedcommerce.payment.PaymentTestSupport.providerRecord;
import static com.unifiedcommerce.payment.PaymentTestSupport.tokens;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.unifiedcommerce.infra.support.Eventually;
import com.unifiedcommerce.infra.support.InfrastructureTestResource;
import com.unifiedcommerce.payment.client.WebhookSignature;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

/**
 * Card payments against the launcher's payment-provider simulator, with real tokens and the
 * service's own PostgreSQL: each test cards behaves as an acquirer's would, and every movement is
 * checked on both books, ours (the payment and its journal) and the provider's (its authorisation).
 */
@QuarkusTest
@WithTestResource(
        value = InfrastructureTestResource.class,
        initArgs = {@ResourceArg(name = "postgres", value = "payments"), @ResourceArg(name = "keycloak", value = "true")
        })
class CardPaymentTest {

    static final String APPROVE = "tok_4242424242424242";
    static final String DECLINE = "tok_4000000000000002";
    static final String RETRY_ONCE = "tok_4000000000000119";
    static final String TIME_OUT = "tok_4000000000000259";
    static final String SHORT_LIVED = "tok_4000000000000341";
    static final String REFUND_FAILS = "tok_4000000000005126";

    private static String newOrder() {
        return "ord-" + UUID.randomUUID();
    }

    private static Map<String, Object> authorisation(String order, long amount, String card) {
        return Map.of("orderId", order, "amount", Map.of("amount", amount, "currency", "EUR"), "cardToken", card);
    }

    private static JsonPath authorise(String order, long amount, String card) {
        return asOrderService()
                .body(authorisation(order, amount, card))
                .post("/api/payments/cards")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath();
    }

    private static JsonPath journal(String order) {
        return asOrderService()
                .get("/api/payments/orders/" + order)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    private static Map<String, Object> move(long amount, String cause) {
        return Map.of("amount", Map.of("amount", amount, "currency", "EUR"), "cause", cause);
    }

    @Test
    void anApprovedCardIsAuthorisedOnceHoweverOftenCheckoutAsks() {
        String order = newOrder();
        JsonPath first = authorise(order, 4599, APPROVE);
        assertEquals("AUTHORISED", first.getString("status"));
        assertEquals(4599, first.getLong("capturable"));
        assertEquals("4242", first.getString("cardLast4"));
        JsonPath again = authorise(order, 4599, APPROVE);
        assertEquals(first.getString("authorisationRef"), again.getString("authorisationRef"));
        assertEquals(List.of("AUTHORISED"), journal(order).getList("entries.kind"));
        assertEquals(4599, providerRecord(first.getString("authorisationRef")).getLong("amount"));
    }

    @Test
    void aDeclinedCardAnswers402NamingTheTenderAndHoldsNothing() {
        String order = newOrder();
        asOrderService()
                .body(authorisation(order, 1200, DECLINE))
                .post("/api/payments/cards")
                .then()
                .statusCode(402)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:commerce:problem:payment-declined"))
                .body("tender", equalTo("CARD"))
                .body("declineCode", equalTo("card_declined"))
                .body("errors.field", hasItem("cardToken"));
        JsonPath view = journal(order);
        assertEquals("DECLINED", view.getString("payment.status"));
        assertEquals(0, view.getLong("payment.capturable"));
        // The customer offers another card for the same order: it is asked of the provider afresh.
        assertEquals("AUTHORISED", authorise(order, 1200, APPROVE).getString("status"));
        assertEquals(List.of("DECLINED", "AUTHORISED"), journal(order).getList("entries.kind"));
    }

    @Test
    void aTokenTheProviderCannotUseIsNamedAndAnotherCardMayFollow() {
        String order = newOrder();
        // Our own check accepts its shape; the provider knows no such token.
        asOrderService()
                .body(authorisation(order, 1500, "not_a_provider_token"))
                .post("/api/payments/cards")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", hasItem("cardToken"));
        JsonPath view = journal(order);
        assertEquals("DECLINED", view.getString("payment.status"));
        // Nothing was asked of a card, so nothing is journalled.
        assertEquals(List.of(), view.getList("entries.kind"));
        assertEquals("AUTHORISED", authorise(order, 1500, APPROVE).getString("status"));
        assertEquals(List.of("AUTHORISED"), journal(order).getList("entries.kind"));
    }

    @Test
    void aProviderFailureAnswers503AndTheRetryAuthorisesOnce() {
        String order = newOrder();
        asOrderService()
                .body(authorisation(order, 800, RETRY_ONCE))
                .post("/api/payments/cards")
                .then()
                .statusCode(503)
                .body("detail", containsString("at most once"));
        assertEquals("AUTHORISING", journal(order).getString("payment.status"));
        authorise(order, 800, RETRY_ONCE);
        assertEquals(List.of("AUTHORISED"), journal(order).getList("entries.kind"));
    }

    @Test
    void aCheckoutRetriedAfterTheProviderTimedOutAuthorisesOnce() {
        String order = newOrder();
        long started = System.nanoTime();
        asOrderService()
                .body(authorisation(order, 2500, TIME_OUT))
                .post("/api/payments/cards")
                .then()
                .statusCode(503);
        assertTrue(
                Duration.ofNanos(System.nanoTime() - started).toSeconds() < 10,
                "the time-out is ours, not the provider's");
        JsonPath retried = authorise(order, 2500, TIME_OUT);
        assertEquals(List.of("AUTHORISED"), journal(order).getList("entries.kind"));
        JsonPath record = providerRecord(retried.getString("authorisationRef"));
        assertEquals(2500, record.getLong("amount"));
        assertEquals("AUTHORISED", record.getString("status"));
    }

    @Test
    void capturesInPartsEachCauseOnceAndNeverMoreThanAuthorised() {
        String order = newOrder();
        String ref = authorise(order, 5000, APPROVE).getString("authorisationRef");
        asOrderService()
                .body(move(3000, "pickup-1"))
                .post("/api/payments/orders/" + order + "/captures")
                .then()
                .statusCode(200)
                .body("captured", equalTo(3000))
                .body("capturable", equalTo(2000));
        // The same pickup reported again moves nothing.
        asOrderService()
                .body(move(3000, "pickup-1"))
                .post("/api/payments/orders/" + order + "/captures")
                .then()
                .statusCode(200)
                .body("captured", equalTo(3000));
        asOrderService()
                .body(move(2500, "pickup-2"))
                .post("/api/payments/orders/" + order + "/captures")
                .then()
                .statusCode(409)
                .contentType("application/problem+json")
                .body("detail", containsString("2000"));
        asOrderService()
                .body(move(2000, "pickup-2"))
                .post("/api/payments/orders/" + order + "/captures")
                .then()
                .statusCode(200)
                .body("captured", equalTo(5000))
                .body("capturable", equalTo(0));
        assertEquals(
                List.of("AUTHORISED", "CAPTURED", "CAPTURED"), journal(order).getList("entries.kind"));
        assertEquals(5000, providerRecord(ref).getLong("captured"));
        // Captured money is refunded, never voided.
        asOrderService()
                .body(Map.of("cause", "cancelled"))
                .post("/api/payments/orders/" + order + "/void")
                .then()
                .statusCode(409)
                .body("detail", containsString("refund"));
    }

    @Test
    void aNoShowVoidsTheAuthorisationAndNothingCanBeCapturedAfter() {
        String order = newOrder();
        String ref = authorise(order, 1999, APPROVE).getString("authorisationRef");
        asOrderService()
                .body(Map.of("cause", "no-show"))
                .post("/api/payments/orders/" + order + "/void")
                .then()
                .statusCode(200)
                .body("status", equalTo("VOIDED"));
        asOrderService()
                .body(Map.of("cause", "no-show"))
                .post("/api/payments/orders/" + order + "/void")
                .then()
                .statusCode(200)
                .body("status", equalTo("VOIDED"));
        asOrderService()
                .body(move(1999, "pickup"))
                .post("/api/payments/orders/" + order + "/captures")
                .then()
                .statusCode(409);
        assertEquals("VOIDED", providerRecord(ref).getString("status"));
        JsonPath view = journal(order);
        assertEquals(List.of("AUTHORISED", "VOIDED"), view.getList("entries.kind"));
        assertEquals("no-show", view.getString("entries[1].cause"));
    }

    @Test
    void anExpiredAuthorisationIsNotCapturedAndTheAmountIsGivenBack() throws InterruptedException {
        String order = newOrder();
        authorise(order, 700, SHORT_LIVED);
        Thread.sleep(2500);
        asOrderService()
                .body(move(700, "pickup"))
                .post("/api/payments/orders/" + order + "/captures")
                .then()
                .statusCode(409)
                .body("reason", equalTo("authorisation_expired"));
        JsonPath view = journal(order);
        assertEquals(700, view.getLong("payment.capturable"));
        assertEquals(List.of("AUTHORISED", "CAPTURE_REFUSED"), view.getList("entries.kind"));
    }

    @Test
    void aRefundIsPendingUntilTheProvidersWebhookSettlesIt() {
        String order = newOrder();
        String ref = authorise(order, 6000, APPROVE).getString("authorisationRef");
        asOrderService()
                .body(move(6000, "pickup"))
                .post("/api/payments/orders/" + order + "/captures")
                .then()
                .statusCode(200);
        asOrderService()
                .body(move(2000, "return-r1"))
                .post("/api/payments/orders/" + order + "/refunds")
                .then()
                .statusCode(202)
                .body("refundPending", equalTo(2000))
                .body("refundable", equalTo(4000));
        Eventually.equal(2000L, () -> journal(order).getLong("payment.refunded"), Duration.ofSeconds(20));
        asOrderService()
                .body(move(2000, "return-r1"))
                .post("/api/payments/orders/" + order + "/refunds")
                .then()
                .statusCode(202)
                .body("refunded", equalTo(2000))
                .body("refundPending", equalTo(0));
        asOrderService()
                .body(move(4001, "return-r2"))
                .post("/api/payments/orders/" + order + "/refunds")
                .then()
                .statusCode(409);
        JsonPath view = journal(order);
        assertEquals(List.of("AUTHORISED", "CAPTURED", "REFUND_REQUESTED", "REFUNDED"), view.getList("entries.kind"));
        assertEquals(2000, providerRecord(ref).getLong("refunded"));
    }

    @Test
    void concurrentCapturesAndRefundsOfOneCauseMoveTheMoneyOnce() throws Exception {
        String order = newOrder();
        String ref = authorise(order, 6000, APPROVE).getString("authorisationRef");
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            List<java.util.concurrent.Future<Integer>> captures = new java.util.ArrayList<>();
            for (int i = 0; i < 8; i++) {
                captures.add(pool.submit(() -> asOrderService()
                        .body(move(6000, "pickup"))
                        .post("/api/payments/orders/" + order + "/captures")
                        .then()
                        .extract()
                        .statusCode()));
            }
            for (java.util.concurrent.Future<Integer> capture : captures) {
                assertEquals(200, capture.get());
            }
            List<java.util.concurrent.Future<Integer>> refunds = new java.util.ArrayList<>();
            for (int i = 0; i < 8; i++) {
                refunds.add(pool.submit(() -> asOrderService()
                        .body(move(2500, "return-race"))
                        .post("/api/payments/orders/" + order + "/refunds")
                        .then()
                        .extract()
                        .statusCode()));
            }
            for (java.util.concurrent.Future<Integer> refund : refunds) {
                assertEquals(202, refund.get());
            }
        } finally {
            pool.shutdownNow();
        }
        Eventually.equal(2500L, () -> journal(order).getLong("payment.refunded"), Duration.ofSeconds(20));
        JsonPath view = journal(order);
        assertEquals(6000, view.getLong("payment.captured"));
        assertEquals(List.of("AUTHORISED", "CAPTURED", "REFUND_REQUESTED", "REFUNDED"), view.getList("entries.kind"));
        assertEquals(6000, providerRecord(ref).getLong("captured"));
        assertEquals(2500, providerRecord(ref).getLong("refunded"));
    }

    @Test
    void aRefundTheProviderFailsGoesBackToWhatMayBeRefunded() {
        String order = newOrder();
        authorise(order, 3000, REFUND_FAILS);
        asOrderService()
                .body(move(3000, "pickup"))
                .post("/api/payments/orders/" + order + "/captures")
                .then()
                .statusCode(200);
        asOrderService()
                .body(move(1000, "return-r1"))
                .post("/api/payments/orders/" + order + "/refunds")
                .then()
                .statusCode(202);
        Eventually.equal(
                List.of("AUTHORISED", "CAPTURED", "REFUND_REQUESTED", "REFUND_FAILED"),
                () -> journal(order).getList("entries.kind"),
                Duration.ofSeconds(20));
        JsonPath view = journal(order);
        assertEquals(0, view.getLong("payment.refunded"));
        assertEquals(3000, view.getLong("payment.refundable"));
    }

    @Test
    void webhooksReplayedOutOfOrderOrForgedChangeNothing() {
        String order = newOrder();
        authorise(order, 5000, APPROVE);
        asOrderService()
                .body(move(5000, "pickup"))
                .post("/api/payments/orders/" + order + "/captures")
                .then()
                .statusCode(200);
        asOrderService()
                .body(move(1500, "return-r1"))
                .post("/api/payments/orders/" + order + "/refunds")
                .then()
                .statusCode(202);
        Eventually.equal(1500L, () -> journal(order).getLong("payment.refunded"), Duration.ofSeconds(20));
        String refundRef = asOrderService()
                .get("/api/payments/orders/" + order)
                .then()
                .extract()
                .jsonPath()
                .getString("entries.find { it.kind == 'REFUNDED' }.providerRef");
        // The same refund reported again under a new event id, and a late "failed" after it succeeded.
        webhook("evt_late_" + UUID.randomUUID(), "refund.succeeded", refundRef)
                .then()
                .statusCode(204);
        webhook("evt_late_" + UUID.randomUUID(), "refund.failed", refundRef)
                .then()
                .statusCode(204);
        String replayed = "evt_replay_" + UUID.randomUUID();
        webhook(replayed, "refund.succeeded", refundRef).then().statusCode(204);
        webhook(replayed, "refund.succeeded", refundRef).then().statusCode(204);
        JsonPath view = journal(order);
        assertEquals(1500, view.getLong("payment.refunded"));
        assertEquals(List.of("AUTHORISED", "CAPTURED", "REFUND_REQUESTED", "REFUNDED"), view.getList("entries.kind"));
        // A refund we do not know (yet) is asked again later; forged or stale signatures are refused.
        webhook("evt_" + UUID.randomUUID(), "refund.succeeded", "ref_unknown")
                .then()
                .statusCode(409);
        String body = event("evt_" + UUID.randomUUID(), "refund.succeeded", refundRef);
        given().contentType("application/json")
                .header(
                        WebhookSignature.HEADER,
                        new WebhookSignature("not-the-secret")
                                .sign(body, Instant.now().getEpochSecond()))
                .body(body)
                .post("/api/payments/provider/webhooks")
                .then()
                .statusCode(401);
        given().contentType("application/json")
                .header(
                        WebhookSignature.HEADER,
                        signer().sign(body, Instant.now().minusSeconds(3600).getEpochSecond()))
                .body(body)
                .post("/api/payments/provider/webhooks")
                .then()
                .statusCode(401);
        given().contentType("application/json")
                .body(body)
                .post("/api/payments/provider/webhooks")
                .then()
                .statusCode(401);
    }

    private static WebhookSignature signer() {
        return new WebhookSignature("provider-webhook-dev-secret");
    }

    private static String event(String id, String type, String refundRef) {
        return "{\"id\":\"" + id + "\",\"type\":\"" + type + "\",\"data\":{\"refundId\":\"" + refundRef + "\"}}";
    }

    private static io.restassured.response.Response webhook(String id, String type, String refundRef) {
        String body = event(id, type, refundRef);
        return given().contentType("application/json")
                .header(
                        WebhookSignature.HEADER,
                        signer().sign(body, Instant.now().getEpochSecond()))
                .body(body)
                .post("/api/payments/provider/webhooks");
    }

    @Test
    void reconciliationFindsWhereTheProviderDisagreesWithTheJournal() {
        String agreeing = newOrder();
        authorise(agreeing, 900, APPROVE);
        asOrderService()
                .body(move(900, "pickup"))
                .post("/api/payments/orders/" + agreeing + "/captures")
                .then()
                .statusCode(200);
        // Money moved at the provider that our books never asked for (a capture made in its dashboard).
        String drifting = newOrder();
        String ref = authorise(drifting, 1000, APPROVE).getString("authorisationRef");
        atProvider()
                .header("Idempotency-Key", "dashboard-" + UUID.randomUUID())
                .body(Map.of("amount", 400))
                .post("/v1/authorisations/" + ref + "/captures")
                .then()
                .statusCode(201);
        JsonPath report = given().auth()
                .oauth2(tokens().user("root"))
                .get("/api/payments/invariants")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertEquals(
                List.of(),
                report.getList("checks.findAll { it.name != 'provider-agrees' && it.violations > 0 }.name"),
                "our own books agree with themselves");
        List<String> examples = report.getList("checks.find { it.name == 'provider-agrees' }.examples");
        assertTrue(
                examples.stream().anyMatch(e -> e.startsWith(drifting) && e.contains("captured 0 here, 400 there")),
                examples.toString());
        assertTrue(examples.stream().noneMatch(e -> e.startsWith(agreeing)), examples.toString());
        asOrderService().get("/api/payments/invariants").then().statusCode(403);
    }

    @Test
    void onlyServicesMoveMoneyAndBadInputIsNamed() {
        String order = newOrder();
        given().contentType("application/json")
                .body(authorisation(order, 100, APPROVE))
                .post("/api/payments/cards")
                .then()
                .statusCode(401);
        given().auth()
                .oauth2(tokens().user("alice"))
                .contentType("application/json")
                .body(authorisation(order, 100, APPROVE))
                .post("/api/payments/cards")
                .then()
                .statusCode(403);
        asOrderService()
                .body(Map.of("orderId", order, "amount", Map.of("amount", -5, "currency", "EUR"), "cardToken", APPROVE))
                .post("/api/payments/cards")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", hasItem(containsString("amount")));
        asOrderService()
                .body(Map.of(
                        "orderId",
                        order,
                        "amount",
                        Map.of("amount", 100, "currency", "EUR"),
                        "cardToken",
                        "4242 4242 4242 4242"))
                .post("/api/payments/cards")
                .then()
                .statusCode(400)
                .body("errors.field", hasItem(containsString("cardToken")));
        asOrderService()
                .body(Map.of(
                        "orderId",
                        order,
                        "amount",
                        Map.of("amount", 100, "currency", "EUR"),
                        "cardToken",
                        "tok_abcdefgh"))
                .post("/api/payments/cards")
                .then()
                .statusCode(400)
                .body("errors.field", hasItem("cardToken"));
        authorise(order, 100, APPROVE);
        asOrderService()
                .body(Map.of("amount", Map.of("amount", 100, "currency", "USD"), "cause", "pickup"))
                .post("/api/payments/orders/" + order + "/captures")
                .then()
                .statusCode(400)
                .body("errors.field", hasItem("amount.currency"));
        asOrderService()
                .body(authorisation(order, 999, APPROVE))
                .post("/api/payments/cards")
                .then()
                .statusCode(409);
        asOrderService()
                .body(move(100, "pickup"))
                .post("/api/payments/orders/ord-missing/captures")
                .then()
                .statusCode(404);
        asOrderService()
                .header("Idempotency-Key", "bad key with spaces")
                .body(move(100, "pickup"))
                .post("/api/payments/orders/" + order + "/captures")
                .then()
                .statusCode(400);
    }
}
