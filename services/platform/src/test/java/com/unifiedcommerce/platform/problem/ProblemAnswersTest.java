package com.unifiedcommerce.platform.problem;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import com.unifiedcommerce.infra.support.InfrastructureTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(
        value = InfrastructureTestResource.class,
        initArgs = {@ResourceArg(name = "postgres", value = "platform"), @ResourceArg(name = "keycloak", value = "true")
        })
class ProblemAnswersTest {

    private static ValidatableResponse post(String body) {
        return given().contentType(ContentType.JSON)
                .body(body)
                .when()
                .post("/toy/orders")
                .then();
    }

    @Test
    void aValidRequestIsAccepted() {
        post("{\"channel\":\"STORE\",\"lines\":[{\"sku\":\"SKU-1\",\"quantity\":2}]}")
                .statusCode(200)
                .body("lines", equalTo(1));
    }

    @Test
    void malformedJsonIsA400ProblemNotA500() {
        post("{\"channel\": STORE}")
                .statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:commerce:problem:malformed"));
        post("{\"channel\":\"STORE\",\"lines\":[")
                .statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:commerce:problem:malformed"))
                .body("status", equalTo(400))
                .body("requestId", notNullValue());
    }

    @Test
    void aRequestToRepeatLaterSaysWhenInRetryAfter() {
        given().get("/toy/busy")
                .then()
                .statusCode(409)
                .contentType("application/problem+json")
                .header("Retry-After", "2")
                .body("retryAfterSeconds", equalTo(2));
        given().get("/toy/conflict").then().statusCode(409).header("Retry-After", nullValue());
    }

    @Test
    void aWrongTypeNamesTheField() {
        post("{\"channel\":\"STORE\",\"lines\":[{\"sku\":\"SKU-1\",\"quantity\":\"two\"}]}")
                .statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:commerce:problem:validation"))
                .body("errors[0].field", equalTo("lines[0].quantity"))
                .body("errors[0].reason", containsString("whole number"));
    }

    @Test
    void anUnknownEnumValueListsTheAllowedOnes() {
        post("{\"channel\":\"FAX\",\"lines\":[{\"sku\":\"SKU-1\",\"quantity\":1}]}")
                .statusCode(400)
                .body("errors[0].field", equalTo("channel"))
                .body("errors[0].reason", containsString("[WEB, MOBILE, STORE]"));
    }

    @Test
    void everyMissingOrInvalidFieldIsNamedWithItsReason() {
        post("{\"lines\":[{\"sku\":\"\",\"quantity\":-1},{\"sku\":\"SKU-2\",\"quantity\":1000}]}")
                .statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:commerce:problem:validation"))
                .body("errors.field", hasItems("channel", "lines[0].sku", "lines[0].quantity", "lines[1].quantity"));
    }

    @Test
    void aMissingBodyIsA400() {
        given().contentType(ContentType.JSON)
                .when()
                .post("/toy/orders")
                .then()
                .statusCode(400)
                .contentType("application/problem+json");
    }

    @Test
    void aQueryParameterOfTheWrongTypeIsA400NotA404() {
        given().when()
                .get("/toy/page?size=ten")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:commerce:problem:validation"));
    }

    @Test
    void anUnknownRouteIsA404Problem() {
        given().when()
                .get("/toy/nowhere")
                .then()
                .statusCode(404)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:commerce:problem:not-found"));
    }

    @Test
    void aConflictCarriesItsExtensionMembersAtTheTopLevel() {
        given().when()
                .get("/toy/conflict")
                .then()
                .statusCode(409)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:commerce:problem:conflict"))
                .body("detail", equalTo("SKU-1 is short"))
                .body("available", equalTo(3));
    }

    @Test
    void anUnexpectedErrorIsA500WithTheRequestIdAndNoInternals() {
        given().header("X-Request-Id", "req-boom-1")
                .when()
                .get("/toy/boom")
                .then()
                .statusCode(500)
                .contentType("application/problem+json")
                .header("X-Request-Id", "req-boom-1")
                .body("requestId", equalTo("req-boom-1"))
                .body(not(containsString("secret internal detail")))
                .body(not(containsString("IllegalStateException")));
    }

    @Test
    void anUnreachableDatabaseIsA503WithRetryAfterNotA500() {
        given().header("X-Request-Id", "req-gone-1")
                .when()
                .post("/toy/database-gone")
                .then()
                .statusCode(503)
                .contentType("application/problem+json")
                .header("Retry-After", "1")
                .body("type", equalTo("urn:commerce:problem:unavailable"))
                .body("requestId", equalTo("req-gone-1"));
        // The pool replaces the lost connection: the next request is served.
        post("{\"channel\":\"STORE\",\"lines\":[{\"sku\":\"SKU-1\",\"quantity\":2}]}")
                .statusCode(200);
    }
}
