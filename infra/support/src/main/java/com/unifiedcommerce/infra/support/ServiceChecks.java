package com.unifiedcommerce.infra.support;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import io.restassured.http.ContentType;

/** What every application must offer, checked the same way in each service's wiring test. */
public final class ServiceChecks {

    public static final String POSTGRES_CHECK = "Reactive PostgreSQL connections health check";
    public static final String KAFKA_CHECK = "Kafka broker";
    public static final String MONGODB_CHECK = "MongoDB customer database";

    private ServiceChecks() {}

    /** Readiness answers UP and includes each named check, each UP. */
    public static void assertReadyWith(String... checks) {
        given().when()
                .get("/q/health/ready")
                .then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItems(checks))
                .body("checks.findAll { it.status != 'UP' }.size()", equalTo(0));
    }

    public static void assertLive() {
        given().when().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    /** The OpenAPI document, Swagger UI and Prometheus metrics are served. */
    public static void assertServesOpenApiAndMetrics() {
        given().accept(ContentType.JSON)
                .when()
                .get("/q/openapi")
                .then()
                .statusCode(200)
                .body("openapi", containsString("3."));
        given().when().get("/q/swagger-ui/").then().statusCode(200);
        given().when().get("/q/metrics").then().statusCode(200).body(containsString("jvm_memory_used_bytes"));
    }
}
