package com.unifiedcommerce.platform.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import com.unifiedcommerce.infra.support.InfrastructureTestResource;
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

    private String token(String user) {
        return given().formParam("grant_type", "password")
                .formParam("client_id", "commerce-tests")
                .formParam("username", user)
                .formParam("password", user + "-pass")
                .when()
                .post(keycloak + "/realms/commerce/protocol/openid-connect/token")
                .then()
                .statusCode(200)
                .extract()
                .path("access_token");
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
    void aTamperedTokenIsRefused() {
        String[] parts = token("bob").split("\\.");
        String claims = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replace("cus-bob", "cus-alice");
        String forged = parts[0] + "."
                + Base64.getUrlEncoder().withoutPadding().encodeToString(claims.getBytes(StandardCharsets.UTF_8)) + "."
                + parts[2];
        given().auth()
                .oauth2(forged)
                .when()
                .get("/toy/customers/cus-alice")
                .then()
                .statusCode(401)
                .body("type", equalTo("urn:commerce:problem:unauthorized"))
                .body(not(equalTo("")));
    }
}
