package com.unifiedcommerce.it;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import com.unifiedcommerce.infra.support.InfraState;
import com.unifiedcommerce.infra.support.ProjectRoot;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The realm kept as code in infra/keycloak is what a running Keycloak serves. */
class KeycloakRealmTest {

    private static String keycloak;

    @BeforeAll
    static void findKeycloak() {
        keycloak = InfraState.findRunning(ProjectRoot.find())
                .filter(InfraState::hasKeycloak)
                .map(InfraState::keycloakUrl)
                .orElseThrow(() -> new AssertionError(
                        "No running infrastructure with Keycloak: run scripts/test.sh (or scripts/run.sh beside it)"));
    }

    @Test
    void commerceRealmPublishesItsOpenIdConfiguration() {
        given().when()
                .get(keycloak + "/realms/commerce/.well-known/openid-configuration")
                .then()
                .statusCode(200)
                .body("issuer", equalTo(keycloak + "/realms/commerce"))
                .body("grant_types_supported", hasItems("authorization_code", "client_credentials"));
    }

    @Test
    void commerceRealmHasEveryRoleTheServicesCheck() {
        String adminToken = given().formParam("grant_type", "password")
                .formParam("client_id", "admin-cli")
                .formParam("username", "admin")
                .formParam("password", "admin")
                .when()
                .post(keycloak + "/realms/master/protocol/openid-connect/token")
                .then()
                .statusCode(200)
                .extract()
                .path("access_token");
        given().auth()
                .oauth2(adminToken)
                .when()
                .get(keycloak + "/admin/realms/commerce/roles")
                .then()
                .statusCode(200)
                .body("name", hasItems("customer", "associate", "manager", "admin", "service"));
    }
}
