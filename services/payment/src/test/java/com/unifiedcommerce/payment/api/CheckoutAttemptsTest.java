package com.unifiedcommerce.payment.api;

import static com.unifiedcommerce.payment.PaymentTestSupport.asOrderService;
import static com.unifiedcommerce.payment.PaymentTestSupport.providerRecord;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import jakarta.inject.Inject;

import com.unifiedcommerce.infra.support.InfrastructureTestResource;
import com.unifiedcommerce.payment.jobs.AbandonedAuthorisations;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

/**
 * A checkout's attempts and the card payment: the newest attempt owns it, a retry reuses the
 * authorisation instead of asking for another, a failed attempt gives it back (voided, or, when
 * the provider's answer never came, cancelled at the provider by the sweep).
 */
@QuarkusTest
@WithTestResource(
        value = InfrastructureTestResource.class,
        initArgs = {@ResourceArg(name = "postgres", value = "payments"), @ResourceArg(name = "keycloak", value = "true")
        })
class CheckoutAttemptsTest {

    @Inject
    AbandonedAuthorisations sweep;

    private static io.restassured.response.Response authorise(String order, int attempt, String card) {
        return asOrderService()
                .body(Map.of(
                        "orderId", order,
                        "amount", Map.of("amount", 2000, "currency", "EUR"),
                        "cardToken", card,
                        "attempt", attempt))
                .post("/api/payments/cards");
    }

    private static String release(String order, int attempt) {
        return asOrderService()
                .body(Map.of("attempt", attempt))
                .post("/api/payments/orders/" + order + "/release")
                .then()
                .statusCode(200)
                .extract()
                .path("released");
    }

    private static JsonPath view(String order) {
        return asOrderService()
                .get("/api/payments/orders/" + order)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    private static String providerStatus(String ref) {
        return providerRecord(ref).getString("status");
    }

    @Test
    void aLaterAttemptTakesTheAuthorisationOverAndAnOlderOneCannotGiveItUp() {
        String order = "ord-" + UUID.randomUUID();
        String first = authorise(order, 1, "tok_4242424242424242")
                .then()
                .statusCode(201)
                .extract()
                .path("authorisationRef");
        String retried = authorise(order, 2, "tok_4242424242424242")
                .then()
                .statusCode(201)
                .extract()
                .path("authorisationRef");
        assertEquals(first, retried, "the retry reuses the authorisation");
        authorise(order, 1, "tok_4242424242424242").then().statusCode(409);
        assertEquals("NOTHING", release(order, 1));
        assertEquals("AUTHORISED", view(order).getString("payment.status"));
        assertEquals("VOIDED", release(order, 2));
        assertEquals("VOIDED", providerStatus(first));
        assertEquals("NOTHING", release(order, 2));
        // A third attempt starts afresh: a new authorisation, the voided one stays voided.
        String third = authorise(order, 3, "tok_4242424242424242")
                .then()
                .statusCode(201)
                .extract()
                .path("authorisationRef");
        assertNotEquals(first, third);
        assertEquals(List.of("AUTHORISED", "VOIDED", "AUTHORISED"), view(order).getList("entries.kind"));
    }

    @Test
    void anAttemptGivenUpWhileTheProviderTimedOutIsCancelledThereByTheSweep() throws Throwable {
        String order = "ord-" + UUID.randomUUID();
        authorise(order, 1, "tok_4000000000000259").then().statusCode(503);
        assertEquals("ABANDONED", release(order, 1));
        int settled = VertxContextSupport.subscribeAndAwait(() -> sweep.run());
        assertEquals(true, settled >= 1);
        JsonPath after = view(order);
        assertEquals("VOIDED", after.getString("payment.status"));
        String ref = after.getString("payment.authorisationRef");
        // The provider had made the authorisation during the time-out; the cancellation voided it.
        assertEquals("VOIDED", providerStatus(ref));
        assertEquals(List.of("VOIDED"), after.getList("entries.kind"));
        // The customer checks out again: a new authorisation, under a new reference.
        authorise(order, 2, "tok_4242424242424242").then().statusCode(201).body("status", equalTo("AUTHORISED"));
    }

    @Test
    void aLaterAttemptResumesAnAuthorisationWhoseAnswerWasLost() throws Throwable {
        String order = "ord-" + UUID.randomUUID();
        authorise(order, 1, "tok_4000000000000259").then().statusCode(503);
        assertEquals("ABANDONED", release(order, 1));
        // Attempt 2 arrives before the sweep: it takes the authorisation over, and the sweep leaves it.
        String ref = authorise(order, 2, "tok_4000000000000259")
                .then()
                .statusCode(201)
                .extract()
                .path("authorisationRef");
        VertxContextSupport.subscribeAndAwait(() -> sweep.run());
        assertEquals("AUTHORISED", view(order).getString("payment.status"));
        assertEquals("AUTHORISED", providerStatus(ref));
        assertEquals(List.of("AUTHORISED"), view(order).getList("entries.kind"));
    }
}
