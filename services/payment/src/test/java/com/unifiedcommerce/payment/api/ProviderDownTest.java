package com.unifiedcommerce.payment.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import com.unifiedcommerce.infra.support.InfrastructureTestResource;
import com.unifiedcommerce.infra.support.TestTokens;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * The payment provider cannot be reached (nothing listens where it should be): an authorisation
 * answers 503 at once, nothing is authorised, and the payment waits as AUTHORISING for the retry.
 */
@QuarkusTest
@TestProfile(ProviderDownTest.NoProvider.class)
@WithTestResource(
        value = InfrastructureTestResource.class,
        initArgs = {@ResourceArg(name = "postgres", value = "payments"), @ResourceArg(name = "keycloak", value = "true")
        })
class ProviderDownTest {

    public static class NoProvider implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // Port 9 (discard) on the loopback: refused at once on a machine that runs no such service.
            return Map.of("quarkus.rest-client.provider.url", "http://127.0.0.1:9");
        }
    }

    @Test
    void checkoutIsToldAtOnceAndNothingIsAuthorised() {
        String token = new TestTokens(ConfigProvider.getConfig().getValue("commerce.keycloak.url", String.class))
                .service("order");
        // The first call of a fresh service also pays for its warm-up (the provider's client, the
        // token keys, the first session): on a loaded 2-core machine that took over 2 s once. What
        // is timed is the next checkout, as every checkout after the first meets a provider that is down.
        authorise(token, "ord-" + UUID.randomUUID());
        String order = "ord-" + UUID.randomUUID();
        long started = System.nanoTime();
        authorise(token, order);
        assertTrue(
                Duration.ofNanos(System.nanoTime() - started).toMillis() < 2000,
                "answered at once: a refused connection is not waited on");
        given().auth()
                .oauth2(token)
                .get("/api/payments/orders/" + order)
                .then()
                .statusCode(200)
                .body("payment.status", equalTo("AUTHORISING"))
                .body("payment.capturable", equalTo(0))
                .body("entries.size()", equalTo(0));
    }

    private static void authorise(String token, String order) {
        given().auth()
                .oauth2(token)
                .contentType("application/json")
                .body(Map.of(
                        "orderId",
                        order,
                        "amount",
                        Map.of("amount", 1500, "currency", "EUR"),
                        "cardToken",
                        "tok_4242424242424242"))
                .post("/api/payments/cards")
                .then()
                .statusCode(503)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:commerce:problem:unavailable"));
    }
}
