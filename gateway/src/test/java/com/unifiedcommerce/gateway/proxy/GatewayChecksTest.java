package com.unifiedcommerce.gateway.proxy;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.unifiedcommerce.infra.support.InfrastructureTestResource;
import com.unifiedcommerce.infra.support.ServiceChecks;
import com.unifiedcommerce.infra.support.TestTokens;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The gateway's own decisions, against real Keycloak tokens: who gets through to which route,
 * and what a caller hears when a service is down or hangs, a body is too big, or a burst goes
 * over the limit. Forwarding to the real services is driven end to end in integration-tests.
 */
@QuarkusTest
@WithTestResource(
        value = InfrastructureTestResource.class,
        initArgs = {@ResourceArg(name = "keycloak", value = "true")})
@WithTestResource(SilentUpstream.class)
class GatewayChecksTest {

    private static final String PROBLEM = "application/problem+json";

    @ConfigProperty(name = "commerce.keycloak.url")
    String keycloak;

    private TestTokens tokens;

    @BeforeEach
    void tokens() {
        tokens = new TestTokens(keycloak);
    }

    @Test
    void readyLiveAndDescribed() {
        // The gateway owns no store: it is ready on its own, whatever the services do.
        ServiceChecks.assertReadyWith();
        ServiceChecks.assertLive();
        ServiceChecks.assertServesOpenApiAndMetrics();
    }

    @Test
    void anonymousCallersReachOnlyPublicRoutes() {
        given().when()
                .get("/api/orders/o-1")
                .then()
                .statusCode(401)
                .contentType(PROBLEM)
                .header("WWW-Authenticate", "Bearer")
                .body("type", equalTo("urn:commerce:problem:unauthorized"));
        given().body("{}")
                .contentType("application/json")
                .when()
                .post("/api/customers")
                .then()
                .statusCode(401);
        given().body("{}")
                .contentType("application/json")
                .when()
                .put("/api/items/SKU-1")
                .then()
                .statusCode(401);
        // Public: let through, and here the inventory service is down.
        given().when()
                .get("/api/items/SKU-1")
                .then()
                .statusCode(503)
                .contentType(PROBLEM)
                .body("type", equalTo("urn:commerce:problem:unavailable"))
                .body("detail", containsString("inventory"));
    }

    @Test
    void aDeadServiceIsA503AndAHungOneA504WithinTheTimeout() {
        String alice = tokens.user("alice");
        given().auth()
                .oauth2(alice)
                .when()
                .get("/api/orders/o-1")
                .then()
                .statusCode(503)
                .contentType(PROBLEM)
                .body("detail", containsString("order"));
        given().auth()
                .oauth2(alice)
                .when()
                .get("/api/loyalty/accounts/cus-alice")
                .then()
                .statusCode(504)
                .contentType(PROBLEM)
                .body("type", equalTo("urn:commerce:problem:gateway-timeout"))
                .time(lessThan(5L), TimeUnit.SECONDS);
    }

    @Test
    void badTokensAreRefusedEvenOnPublicRoutes() {
        String bob = tokens.user("bob");
        List<String> bad = List.of(
                TestTokens.tampered(bob, "cus-bob", "cus-alice"),
                TestTokens.signedByForeignKey(bob),
                TestTokens.fromForeignIssuer(bob),
                tokens.expired("bob"),
                "not-a-jwt");
        for (String token : bad) {
            for (String path : List.of("/api/orders/o-1", "/api/items/SKU-1")) {
                given().auth()
                        .oauth2(token)
                        .when()
                        .get(path)
                        .then()
                        .statusCode(401)
                        .contentType(PROBLEM)
                        .body("type", equalTo("urn:commerce:problem:unauthorized"));
            }
        }
    }

    @Test
    void aPersonWithoutAProfileMayOnlySignUp() {
        String nora = tokens.user("nora");
        given().auth()
                .oauth2(nora)
                .when()
                .get("/api/orders")
                .then()
                .statusCode(403)
                .contentType(PROBLEM)
                .body("detail", containsString("POST /api/customers"));
        // Sign-up is let through (the customer service is down here).
        given().auth()
                .oauth2(nora)
                .contentType("application/json")
                .body("{}")
                .when()
                .post("/api/customers")
                .then()
                .statusCode(503);
    }

    @Test
    void unknownPathsAndEncodedSlashesAreRefusedHere() {
        given().when()
                .get("/api/nothing-here")
                .then()
                .statusCode(404)
                .contentType(PROBLEM)
                .body("type", equalTo("urn:commerce:problem:not-found"));
        given().urlEncodingEnabled(false)
                .when()
                .get("/api/items/a%2F..%2F..%2Forders")
                .then()
                .statusCode(400)
                .contentType(PROBLEM);
    }

    @Test
    void bodiesOverTheLimitOrWithoutALengthAreRefused() throws Exception {
        String alice = tokens.user("alice");
        given().auth()
                .oauth2(alice)
                .contentType("application/json")
                .body("{\"note\":\"" + "x".repeat(2_000) + "\"}")
                .when()
                .post("/api/orders")
                .then()
                .statusCode(413)
                .contentType(PROBLEM)
                .body("type", equalTo("urn:commerce:problem:payload-too-large"));
        // A body that does not state its length (chunked) is counted as it arrives.
        HttpResponse<String> small = postWithoutLength(alice, "{}");
        assertEquals(503, small.statusCode(), "let through to the order service, down here: " + small.body());
        HttpResponse<String> big = postWithoutLength(alice, "{\"note\":\"" + "x".repeat(5_000) + "\"}");
        assertEquals(413, big.statusCode(), big.body());
        assertEquals(PROBLEM, big.headers().firstValue("Content-Type").orElse(""));
    }

    /**
     * Java's own HTTP client asks to upgrade a plain-text request to HTTP/2 (h2c) by default; the
     * gateway declines the upgrade and answers as HTTP/1.1 instead of leaving the client waiting
     * (here the item service is down: 503).
     */
    @Test
    void aRequestThatAsksToUpgradeToHttp2IsAnsweredNotLeftHanging() throws Exception {
        HttpClient client =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
        HttpResponse<String> read = client.send(
                HttpRequest.newBuilder(URI.create(RestAssured.baseURI + ":" + RestAssured.port + "/api/items/SKU-1"))
                        .timeout(java.time.Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(503, read.statusCode(), read.body());
        assertEquals(PROBLEM, read.headers().firstValue("Content-Type").orElse(""));
    }

    private static HttpResponse<String> postWithoutLength(String token, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(
                        URI.create(RestAssured.baseURI + ":" + RestAssured.port + "/api/orders"))
                .version(HttpClient.Version.HTTP_1_1)
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(
                        () -> new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8))))
                .build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aBurstOverTheLimitGets429WithRetryAfter() {
        String service = tokens.service("returns");
        List<Response> answers = new ArrayList<>();
        for (int i = 0; i < 15; i++) {
            answers.add(given().auth().oauth2(service).when().get("/api/returns/r-1"));
        }
        Response refused = answers.stream()
                .filter(r -> r.statusCode() == 429)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no 429 in a burst of 15 over a burst limit of 10"));
        assertTrue(Integer.parseInt(refused.header("Retry-After")) >= 1, refused.header("Retry-After"));
        refused.then().contentType(PROBLEM).body("type", equalTo("urn:commerce:problem:too-many-requests"));
        // The limit is per caller: someone else is not affected.
        given().auth()
                .oauth2(tokens.user("root"))
                .when()
                .get("/api/returns/r-1")
                .then()
                .statusCode(503);
    }

    @Test
    void theRequestIdIsKeptOrMadeAndEchoed() {
        given().header("X-Request-Id", "pos-17-000042")
                .when()
                .get("/api/orders/o-1")
                .then()
                .header("X-Request-Id", "pos-17-000042")
                .body("requestId", equalTo("pos-17-000042"));
        given().header("X-Request-Id", "bad id with spaces")
                .when()
                .get("/api/orders/o-1")
                .then()
                .header("X-Request-Id", notNullValue())
                .body("requestId", notNullValue())
                .body("requestId", not(equalTo("bad id with spaces")));
    }

    @Test
    void browsersMayCallOnlyFromConfiguredOrigins() {
        given().header("Origin", "https://shop.example")
                .header("Access-Control-Request-Method", "POST")
                .when()
                .options("/api/orders")
                .then()
                .header("Access-Control-Allow-Origin", "https://shop.example");
        given().header("Origin", "https://evil.example")
                .header("Access-Control-Request-Method", "POST")
                .when()
                .options("/api/orders")
                .then()
                .header("Access-Control-Allow-Origin", nullValue());
    }

    @Test
    void theApiDescriptionNamesTheServicesItCouldNotReach() {
        given().when()
                .get("/api/openapi")
                .then()
                .statusCode(200)
                .body("openapi", equalTo("3.1.0"))
                .body("x-unavailable.size()", equalTo(6));
    }

    @Test
    void theMobileOverviewAnswersWithWhatItHasAndNamesWhatIsMissing() {
        // Customer and order services are down, loyalty hangs: every part is missing, in time.
        given().auth()
                .oauth2(tokens.user("alice"))
                .when()
                .get("/api/me/overview")
                .then()
                .statusCode(200)
                .contentType("application/json")
                .body("customerId", equalTo("cus-alice"))
                .body("partial", equalTo(true))
                .body("missing", containsInAnyOrder("profile", "points", "recentOrders", "openPickups"))
                .body("points", nullValue())
                .time(lessThan(5L), TimeUnit.SECONDS);
        given().when().get("/api/me/overview").then().statusCode(401).contentType(PROBLEM);
        given().auth()
                .oauth2(tokens.user("ada"))
                .when()
                .get("/api/me/overview")
                .then()
                .statusCode(403)
                .contentType(PROBLEM);
    }
}
