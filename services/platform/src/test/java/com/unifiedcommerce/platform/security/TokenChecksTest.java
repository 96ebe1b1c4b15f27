package com.unifiedcommerce.platform.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import jakarta.inject.Inject;

import com.unifiedcommerce.infra.support.InfrastructureTestResource;
import com.unifiedcommerce.infra.support.TestTokens;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** Real Keycloak tokens against the shared rules: who reaches whose resources. */
@QuarkusTest
@WithTestResource(
        value = InfrastructureTestResource.class,
        initArgs = {@ResourceArg(name = "postgres", value = "platform"), @ResourceArg(name = "keycloak", value = "true")
        })
class TokenChecksTest {

    @ConfigProperty(name = "commerce.keycloak.url")
    String keycloak;

    @Inject
    VerifiedTokens verifiedTokens;

    private String token(String user) {
        return new TestTokens(keycloak).user(user);
    }

    @Test
    void aCustomerReadsTheirOwnProfile() {
        given().auth()
                .oauth2(token("alice"))
                .when()
                .get("/toy/customers/cus-alice")
                .then()
                .statusCode(200)
                .body("id", equalTo("cus-alice"))
                .body("readBy", notNullValue());
    }

    @Test
    void anotherCustomersProfileDoesNotExistForThem() {
        given().auth()
                .oauth2(token("bob"))
                .when()
                .get("/toy/customers/cus-alice")
                .then()
                .statusCode(404)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:commerce:problem:not-found"));
    }

    @Test
    void anAssociateActsOnlyForTheirStore() {
        String ada = token("ada");
        given().auth()
                .oauth2(ada)
                .when()
                .get("/toy/customers/stores/store-001/counter")
                .then()
                .statusCode(200);
        given().auth()
                .oauth2(ada)
                .when()
                .get("/toy/customers/stores/store-002/counter")
                .then()
                .statusCode(403)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:commerce:problem:forbidden"));
        given().auth().oauth2(ada).when().get("/toy/customers/cus-alice").then().statusCode(403);
    }

    @Test
    void adminReachesEverything() {
        String root = token("root");
        given().auth().oauth2(root).when().get("/toy/customers/cus-bob").then().statusCode(200);
        given().auth()
                .oauth2(root)
                .when()
                .get("/toy/customers/stores/store-002/counter")
                .then()
                .statusCode(200);
    }

    @Test
    void noTokenIsA401Problem() {
        given().when()
                .get("/toy/customers/cus-alice")
                .then()
                .statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", "Bearer")
                .body("type", equalTo("urn:commerce:problem:unauthorized"));
    }

    @Test
    void badTokensAreRefusedOnArrivalWhateverThePath() {
        TestTokens tokens = new TestTokens(keycloak);
        String bob = token("bob");
        // Accepted first, so this instance remembers it: the altered copies below are not it.
        given().auth().oauth2(bob).when().get("/toy/customers/cus-bob").then().statusCode(200);
        assertTrue(verifiedTokens.remembers(bob), "a token accepted once is remembered as verified");
        List<String> bad = List.of(
                TestTokens.tampered(bob, "cus-bob", "cus-alice"),
                TestTokens.signedByForeignKey(bob),
                TestTokens.fromForeignIssuer(bob),
                tokens.expired("bob"));
        for (String token : bad) {
            // A resource that needs a caller, and a path no resource answers: both refuse.
            for (String path : List.of("/toy/customers/cus-alice", "/toy/nothing-here")) {
                given().auth()
                        .oauth2(token)
                        .header("X-Request-Id", "bad-token-check")
                        .when()
                        .get(path)
                        .then()
                        .statusCode(401)
                        .contentType("application/problem+json")
                        .header("WWW-Authenticate", "Bearer")
                        .header("X-Request-Id", "bad-token-check")
                        .body("type", equalTo("urn:commerce:problem:unauthorized"));
            }
        }
    }

    @Test
    void aTokenAcceptedBeforeIsRefusedOnceItHasExpired() throws InterruptedException {
        TestTokens tokens = new TestTokens(keycloak);
        // The realm's test client signs tokens that live one second; one may expire before its
        // first call arrives, so take another until one is accepted.
        String accepted = null;
        for (int attempt = 0; attempt < 5 && accepted == null; attempt++) {
            String token = tokens.expiring("bob");
            int status = given().auth()
                    .oauth2(token)
                    .when()
                    .get("/toy/customers/cus-bob")
                    .then()
                    .extract()
                    .statusCode();
            if (status == 200) {
                accepted = token;
            }
        }
        if (accepted == null) {
            throw new AssertionError("no one-second token was accepted in five tries");
        }
        Thread.sleep(2_100);
        given().auth()
                .oauth2(accepted)
                .when()
                .get("/toy/customers/cus-bob")
                .then()
                .statusCode(401)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:commerce:problem:unauthorized"));
    }
}
