package com.unifiedcommerce.platform.request;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;

import com.unifiedcommerce.infra.support.InfrastructureTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(
        value = InfrastructureTestResource.class,
        initArgs = {@ResourceArg(name = "postgres", value = "platform"), @ResourceArg(name = "keycloak", value = "true")
        })
class RequestIdTest {

    @Test
    void aCallersRequestIdIsKeptAndEchoed() {
        given().header(RequestId.HEADER, "pos-17.4711")
                .when()
                .get("/toy/conflict")
                .then()
                .header(RequestId.HEADER, "pos-17.4711")
                .body("requestId", equalTo("pos-17.4711"));
    }

    @Test
    void aMissingRequestIdIsCreated() {
        given().when().get("/toy/conflict").then().header(RequestId.HEADER, matchesPattern("[0-9a-f-]{36}"));
    }

    @Test
    void anUnsafeRequestIdIsReplacedNotEchoed() {
        String hostile = "abc\r\nSet-Cookie: x=1" + "y".repeat(100);
        given().header(RequestId.HEADER, hostile.replace("\r\n", " "))
                .when()
                .get("/toy/conflict")
                .then()
                .header(RequestId.HEADER, not(equalTo(hostile)))
                .header(RequestId.HEADER, matchesPattern("[0-9a-f-]{36}"));
    }
}
