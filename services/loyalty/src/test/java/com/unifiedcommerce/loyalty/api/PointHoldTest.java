package com.unifiedcommerce.loyalty.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.unifiedcommerce.infra.support.InfrastructureTestResource;
import com.unifiedcommerce.infra.support.TestTokens;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** Points as a tender: held at checkout, captured or released, never spent twice. */
@QuarkusTest
@WithTestResource(
        value = InfrastructureTestResource.class,
        initArgs = {@ResourceArg(name = "postgres", value = "loyalty"), @ResourceArg(name = "keycloak", value = "true")
        })
class PointHoldTest {

    @ConfigProperty(name = "commerce.keycloak.url")
    String keycloak;

    @ConfigProperty(name = "commerce.test.run-id")
    String runId;

    private String service() {
        return new TestTokens(keycloak).service("order");
    }

    /**
     * A checkout attempt whose points were given back (its own undo, or the order's sweep while it
     * still ran) cannot hold them again: a late step of it takes nothing. The next attempt holds.
     */
    @Test
    void anAttemptWhosePointsWereGivenBackCannotHoldAgainButTheNextAttemptCan() {
        String customer = "cus-attempts-" + runId;
        credit(customer, 50);
        String token = service();
        String order = "ord-attempts-" + runId;
        hold(token, customer, order, 20, 1).then().statusCode(201).body("attempt", equalTo(1));
        given().auth()
                .oauth2(token)
                .post("/api/loyalty/holds/" + order + "/release?attempt=1")
                .then()
                .statusCode(200);
        hold(token, customer, order, 20, 1).then().statusCode(409).body("superseded", equalTo(true));
        assertEquals(0, account(customer).get("held"), "the given-up attempt holds nothing again");
        hold(token, customer, order, 20, 2)
                .then()
                .statusCode(201)
                .body("status", equalTo("HELD"))
                .body("attempt", equalTo(2));
        assertEquals(20, account(customer).get("held"));
    }

    private void credit(String customerId, long points) {
        given().auth()
                .oauth2(new TestTokens(keycloak).user("root"))
                .contentType("application/json")
                .body(Map.of("points", points, "reason", "test balance"))
                .post("/api/loyalty/accounts/" + customerId + "/adjustments")
                .then()
                .statusCode(201);
    }

    private static Response hold(String token, String customerId, String reference, Object points) {
        return hold(token, customerId, Map.of("reference", reference, "points", points));
    }

    private static Response hold(String token, String customerId, Map<String, Object> body) {
        return given().auth()
                .oauth2(token)
                .contentType("application/json")
                .body(body)
                .post("/api/loyalty/accounts/" + customerId + "/holds");
    }

    private static Response hold(String token, String customerId, String reference, long points, int attempt) {
        return hold(token, customerId, Map.of("reference", reference, "points", points, "attempt", attempt));
    }

    private Map<String, Integer> account(String customerId) {
        return given().auth()
                .oauth2(new TestTokens(keycloak).user("root"))
                .get("/api/loyalty/accounts/" + customerId)
                .then()
                .statusCode(200)
                .extract()
                .path("$");
    }

    @Test
    void fiftyConcurrentHoldsOfTenAgainstAHundredSucceedExactlyTenTimes() throws Exception {
        String customer = "cus-race-" + runId;
        credit(customer, 100);
        String token = service();
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                String reference = "ord-race-" + runId + "-" + i;
                answers.add(
                        pool.submit(() -> hold(token, customer, reference, 10).statusCode()));
            }
            int held = 0;
            int refused = 0;
            for (Future<Integer> answer : answers) {
                int status = answer.get();
                held += status == 201 ? 1 : 0;
                refused += status == 409 ? 1 : 0;
            }
            assertEquals(10, held);
            assertEquals(40, refused);
        } finally {
            pool.shutdownNow();
        }
        Map<String, Integer> account = account(customer);
        assertEquals(100, account.get("balance"));
        assertEquals(100, account.get("held"));
        assertEquals(0, account.get("available"));
    }

    @Test
    void captureRedeemsOnceAndReleaseGivesBack() {
        String customer = "cus-tender-" + runId;
        credit(customer, 50);
        String token = service();
        String placed = "ord-placed-" + runId;
        String abandoned = "ord-abandoned-" + runId;
        hold(token, customer, placed, 20).then().statusCode(201).body("status", equalTo("HELD"));
        hold(token, customer, placed, 20).then().statusCode(200);
        hold(token, customer, placed, 25).then().statusCode(409);
        hold(token, customer, abandoned, 10).then().statusCode(201);
        for (int i = 0; i < 2; i++) {
            given().auth()
                    .oauth2(token)
                    .post("/api/loyalty/holds/" + placed + "/capture")
                    .then()
                    .statusCode(200)
                    .body("status", equalTo("CAPTURED"));
        }
        given().auth()
                .oauth2(token)
                .post("/api/loyalty/holds/" + abandoned + "/release")
                .then()
                .statusCode(200);
        given().auth()
                .oauth2(token)
                .post("/api/loyalty/holds/" + placed + "/release")
                .then()
                .statusCode(409);
        given().auth()
                .oauth2(token)
                .post("/api/loyalty/holds/" + abandoned + "/capture")
                .then()
                .statusCode(409);
        Map<String, Integer> account = account(customer);
        assertEquals(30, account.get("balance"), "50 less the 20 redeemed, once");
        assertEquals(0, account.get("held"));
        given().auth()
                .oauth2(new TestTokens(keycloak).user("root"))
                .get("/api/loyalty/invariants")
                .then()
                .body("holds", equalTo(true));
    }

    @Test
    void badHoldsAreRefusedAndChangeNothing() {
        String customer = "cus-badhold-" + runId;
        credit(customer, 40);
        String token = service();
        hold(token, customer, "r-" + runId, 0).then().statusCode(400);
        hold(token, customer, "r-" + runId, -5).then().statusCode(400);
        hold(token, customer, "r " + runId, 5).then().statusCode(400);
        hold(token, customer, "r-" + runId, "five").then().statusCode(400);
        hold(token, customer, "r-" + runId, 41).then().statusCode(409).body("available", equalTo(40));
        hold(token, "cus-nobody-" + runId, "r-" + runId, 5).then().statusCode(404);
        hold(new TestTokens(keycloak).user("alice"), "cus-alice", "r-" + runId, 5)
                .then()
                .statusCode(403);
        given().auth()
                .oauth2(token)
                .post("/api/loyalty/holds/unknown-" + runId + "/capture")
                .then()
                .statusCode(404);
        assertEquals(40, account(customer).get("available"));
    }
}
