package com.unifiedcommerce.it;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.unifiedcommerce.infra.support.InfraState;
import com.unifiedcommerce.infra.support.ProjectRoot;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The demo users and service clients of the realm get the tokens the services will check. */
class RealmTokensTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static String tokenEndpoint;

    @BeforeAll
    static void findKeycloak() {
        String keycloak = InfraState.findRunning(ProjectRoot.find())
                .filter(InfraState::hasKeycloak)
                .map(InfraState::keycloakUrl)
                .orElseThrow(() -> new AssertionError("No running infrastructure with Keycloak: run scripts/test.sh"));
        tokenEndpoint = keycloak + "/realms/commerce/protocol/openid-connect/token";
    }

    static Stream<Arguments> demoUsers() {
        return Stream.of(
                Arguments.of("alice", "customer", "cus-alice", null),
                Arguments.of("bob", "customer", "cus-bob", null),
                Arguments.of("ada", "associate", null, "store-001"),
                Arguments.of("ben", "associate", null, "store-002"),
                Arguments.of("maria", "manager", null, "store-001"),
                Arguments.of("root", "admin", null, null));
    }

    @ParameterizedTest
    @MethodSource("demoUsers")
    void aDemoUserGetsItsRoleAndItsCustomerOrStoreClaim(String user, String role, String customerId, String storeId)
            throws Exception {
        JsonNode claims = claims(passwordToken(user));
        assertTrue(roles(claims).contains("\"" + role + "\""), user + " has " + role + ": " + roles(claims));
        assertTrue(claims.hasNonNull("sub"), "the services identify callers by the subject");
        assertEquals(customerId, text(claims, "customer_id"));
        assertEquals(storeId, text(claims, "store_id"));
    }

    @Test
    void aManagerIsAlsoAnAssociateOfTheirStore() throws Exception {
        JsonNode claims = claims(passwordToken("maria"));
        assertTrue(roles(claims).contains("\"associate\""), roles(claims));
    }

    @Test
    void aServiceGetsAClientCredentialTokenWithTheServiceRoleAndNoPersonClaims() throws Exception {
        JsonNode claims = claims(given().formParam("grant_type", "client_credentials")
                .formParam("client_id", "order")
                .formParam("client_secret", "order-dev-secret")
                .when()
                .post(tokenEndpoint)
                .then()
                .statusCode(200)
                .extract()
                .path("access_token"));
        assertTrue(roles(claims).contains("\"service\""), roles(claims));
        assertNull(text(claims, "customer_id"));
        assertNull(text(claims, "store_id"));
    }

    @Test
    void theClientsRealPeopleUseDoNotAllowThePasswordGrant() {
        for (String client : new String[] {"storefront", "mobile", "pos"}) {
            given().formParam("grant_type", "password")
                    .formParam("client_id", client)
                    .formParam("username", "alice")
                    .formParam("password", "alice-pass")
                    .when()
                    .post(tokenEndpoint)
                    .then()
                    .statusCode(equalTo(400))
                    .body("error", equalTo("unauthorized_client"));
        }
    }

    @Test
    void aWrongPasswordGetsNoToken() {
        given().formParam("grant_type", "password")
                .formParam("client_id", "commerce-tests")
                .formParam("username", "alice")
                .formParam("password", "not-her-password")
                .when()
                .post(tokenEndpoint)
                .then()
                .statusCode(400)
                .body("error", equalTo("invalid_grant"));
    }

    private static String passwordToken(String user) {
        return given().formParam("grant_type", "password")
                .formParam("client_id", "commerce-tests")
                .formParam("username", user)
                .formParam("password", user + "-pass")
                .when()
                .post(tokenEndpoint)
                .then()
                .statusCode(200)
                .extract()
                .path("access_token");
    }

    private static JsonNode claims(String jwt) throws Exception {
        return JSON.readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]));
    }

    private static String roles(JsonNode claims) {
        return claims.path("realm_access").path("roles").toString();
    }

    private static String text(JsonNode claims, String name) {
        JsonNode node = claims.get(name);
        return node == null || node.isNull() ? null : node.asText();
    }
}
