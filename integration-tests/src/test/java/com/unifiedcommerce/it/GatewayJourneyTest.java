package com.unifiedcommerce.it;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;

import java.util.List;

import com.unifiedcommerce.infra.support.TestTokens;
import com.unifiedcommerce.it.system.RunningSystem;
import com.unifiedcommerce.it.system.SystemExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The front door in front of the real services: what goes through, what comes back. */
@ExtendWith(SystemExtension.class)
class GatewayJourneyTest {

    @Test
    void theRequestIdGoesThroughToTheServiceAndBack(RunningSystem system) {
        given().baseUri(system.gatewayUrl())
                .auth()
                .oauth2(system.tokens().user("alice"))
                .header("X-Request-Id", "it-journey-0001")
                .when()
                .get("/api/orders/ord-1")
                .then()
                .header("X-Request-Id", "it-journey-0001")
                // The order service's own problem document: it saw the same id.
                .body("requestId", equalTo("it-journey-0001"));
    }

    @Test
    void badTokensAreRefusedByEachServiceCalledDirectly(RunningSystem system) {
        TestTokens tokens = system.tokens();
        String alice = tokens.user("alice");
        List<String> bad = List.of(
                TestTokens.tampered(alice, "cus-alice", "cus-bob"),
                TestTokens.signedByForeignKey(alice),
                TestTokens.fromForeignIssuer(alice),
                tokens.expired("alice"));
        for (String service : system.serviceNames()) {
            for (String token : bad) {
                given().baseUri(system.serviceUrl(service))
                        .auth()
                        .oauth2(token)
                        .when()
                        .get("/api/anything")
                        .then()
                        .statusCode(401)
                        .contentType("application/problem+json")
                        .body("type", equalTo("urn:commerce:problem:unauthorized"));
            }
        }
    }

    @Test
    void theApiDescriptionCoversEveryService(RunningSystem system) {
        given().baseUri(system.gatewayUrl())
                .when()
                .get("/api/openapi")
                .then()
                .statusCode(200)
                .body("openapi", equalTo("3.1.0"))
                .body("$", not(hasKey("x-unavailable")));
    }
}
