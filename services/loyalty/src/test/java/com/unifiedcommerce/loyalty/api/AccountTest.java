package com.unifiedcommerce.loyalty.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.unifiedcommerce.infra.support.InfrastructureTestResource;
import com.unifiedcommerce.infra.support.TestTokens;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** Accounts, back-office corrections and the ledger's invariants, with real tokens. */
@QuarkusTest
@WithTestResource(
        value = InfrastructureTestResource.class,
        initArgs = {@ResourceArg(name = "postgres", value = "loyalty"), @ResourceArg(name = "keycloak", value = "true")
        })
class AccountTest {

    private static final Map<String, String> TOKENS = new ConcurrentHashMap<>();

    @ConfigProperty(name = "commerce.keycloak.url")
    String keycloak;

    private RequestSpecification as(String user) {
        String token = TOKENS.computeIfAbsent(user, name -> new TestTokens(keycloak).user(name));
        return given().auth().oauth2(token).contentType("application/json");
    }

    private io.restassured.response.Response adjust(String user, String customerId, Object points) {
        return as(user).body(Map.of("points", points, "reason", "goodwill"))
                .post("/api/loyalty/accounts/" + customerId + "/adjustments");
    }

    @Test
    void adminCorrectsACustomerWhoSeesOnlyTheirOwnAccount() {
        adjust("root", "cus-alice", 500).then().statusCode(201).body("balance", equalTo(500));
        adjust("root", "cus-alice", -600).then().statusCode(409).contentType("application/problem+json");
        adjust("root", "cus-alice", -200).then().statusCode(201).body("available", equalTo(300));
        as("alice")
                .get("/api/loyalty/accounts/cus-alice")
                .then()
                .statusCode(200)
                .body("balance", equalTo(300));
        as("alice")
                .get("/api/loyalty/accounts/cus-alice/entries")
                .then()
                .statusCode(200)
                .body("items.points", contains(-200, 500))
                .body("total", equalTo(2));
        as("bob").get("/api/loyalty/accounts/cus-alice").then().statusCode(404);
        as("ada").get("/api/loyalty/accounts/cus-alice").then().statusCode(403);
        as("alice").get("/api/loyalty/invariants").then().statusCode(403);
        as("root")
                .get("/api/loyalty/invariants")
                .then()
                .statusCode(200)
                .body("holds", equalTo(true))
                .body("violations", equalTo(0))
                .body("checks.name", hasItem("balances-sum-to-zero"));
    }

    @Test
    void aRepeatedCorrectionCountsOnce() {
        for (int i = 0; i < 2; i++) {
            as("root")
                    .header("Idempotency-Key", "fix-bob-1")
                    .body(Map.of("points", 70, "reason", "late receipt"))
                    .post("/api/loyalty/accounts/cus-bob/adjustments")
                    .then()
                    .statusCode(201)
                    .body("balance", equalTo(70));
        }
        as("bob").get("/api/loyalty/accounts/cus-bob").then().body("balance", equalTo(70));
    }

    @Test
    void badCorrectionsAreRefusedAndChangeNothing() {
        adjust("root", "cus-carol", 0).then().statusCode(400);
        adjust("root", "cus-carol", "ten").then().statusCode(400);
        adjust("root", "cus-carol", 2_000_000).then().statusCode(400);
        adjust("root", "cus carol", 10).then().statusCode(400);
        as("root")
                .body(Map.of("points", 10))
                .post("/api/loyalty/accounts/cus-carol/adjustments")
                .then()
                .statusCode(400);
        adjust("alice", "cus-alice", 1_000).then().statusCode(403);
        adjust("maria", "cus-carol", 10).then().statusCode(403);
        as("root").get("/api/loyalty/accounts/cus-carol").then().statusCode(404);
    }
}
