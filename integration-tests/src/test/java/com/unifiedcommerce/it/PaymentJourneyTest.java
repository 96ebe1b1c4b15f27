package com.unifiedcommerce.it;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.unifiedcommerce.infra.support.Eventually;
import com.unifiedcommerce.it.system.RunningSystem;
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
}
