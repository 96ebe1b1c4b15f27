package com.unifiedcommerce.platform.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import com.unifiedcommerce.infra.support.InfrastructureTestResource;
import com.unifiedcommerce.infra.support.TestTokens;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * Calls between services: serving a person, the person's token goes along and the callee applies
 * the same rules to them; in a job or consumer, the caller's own client-credential token
 * (role {@code service}) is used.
 */
@QuarkusTest
@WithTestResource(
        value = InfrastructureTestResource.class,
        initArgs = {@ResourceArg(name = "postgres", value = "platform"), @ResourceArg(name = "keycloak", value = "true")
        })
class ServiceCallsTest {

    @ConfigProperty(name = "commerce.keycloak.url")
    String keycloak;

    @Test
    void theCallersTokenGoesAlongSoTheCalleeSeesThePerson() {
        String alice = new TestTokens(keycloak).user("alice");
        given().auth()
                .oauth2(alice)
                .when()
                .get("/toy/relay/as-caller/cus-alice")
                .then()
                .statusCode(200)
                .body("readBy", equalTo(subject(alice)));
    }

    @Test
    void thePersonsLimitsHoldDownstream() {
        given().auth()
                .oauth2(new TestTokens(keycloak).user("bob"))
                .when()
                .get("/toy/relay/as-caller/cus-alice")
                .then()
                .statusCode(404)
                .contentType("application/problem+json");
    }

    @Test
    void aServiceCallCarriesTheServicesOwnToken() {
        String alice = new TestTokens(keycloak).user("alice");
        // The service may read any customer; the callee sees the service account, not alice.
        given().auth()
                .oauth2(alice)
                .when()
                .get("/toy/relay/as-service/cus-bob")
                .then()
                .statusCode(200)
                .body("id", equalTo("cus-bob"))
                .body("readBy", not(equalTo(subject(alice))));
    }

    private static String subject(String token) {
        String claims = new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8);
        return claims.replaceAll(".*\"sub\":\"([^\"]+)\".*", "$1");
    }
}
