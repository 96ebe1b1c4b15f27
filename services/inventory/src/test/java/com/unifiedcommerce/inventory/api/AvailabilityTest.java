package com.unifiedcommerce.inventory.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import java.util.Map;

import com.unifiedcommerce.infra.support.InfrastructureTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What a shopper sees: available to promise at a store, or at the stores nearby, nearest first. */
@QuarkusTest
@WithTestResource(
        value = InfrastructureTestResource.class,
        initArgs = {
            @ResourceArg(name = "postgres", value = "inventory"),
            @ResourceArg(name = "keycloak", value = "true")
        })
class AvailabilityTest {

    @ConfigProperty(name = "commerce.test.run-id")
    String runId;

    private String shoe;
    private String sock;

    @BeforeEach
    void scene() {
        // Three stores on a line going north from the point (lat 45.00, lon 5.00), about 1, 5 and
        // 50 km away, and a DC next door that never shows.
        InventoryTestSupport.store("av-near", 45.009, 5.0);
        InventoryTestSupport.store("av-mid", 45.045, 5.0);
        InventoryTestSupport.store("av-far", 45.45, 5.0);
        InventoryTestSupport.as("root")
                .body(Map.of(
                        "name",
                        "DC",
                        "type",
                        "DC",
                        "latitude",
                        45.001,
                        "longitude",
                        5.0,
                        "pickupEnabled",
                        false,
                        "acceptsReturns",
                        false,
                        "pickupHoldHours",
                        1))
                .put("/api/locations/av-dc");
        shoe = "AV-SHOE-" + runId.toUpperCase();
        sock = "AV-SOCK-" + runId.toUpperCase();
        InventoryTestSupport.item(shoe, 5_000);
        InventoryTestSupport.item(sock, 500);
    }

    @Test
    void storesWithinTheRadiusComeNearestFirstWithEachSku() {
        InventoryTestSupport.receive("av-mid", shoe, 4);
        InventoryTestSupport.receive("av-near", sock, 2);
        given().queryParam("sku", shoe, sock)
                .queryParam("lat", 45.0)
                .queryParam("lon", 5.0)
                .queryParam("radiusKm", 10)
                .when()
                .get("/api/availability")
                .then()
                .statusCode(200)
                .body("locations.locationId", contains("av-near", "av-mid"))
                .body("locations[0].distanceMeters", equalTo(1001))
                .body("locations[0].lines.find { it.sku == '" + sock + "' }.available", equalTo(2))
                .body("locations[0].lines.find { it.sku == '" + shoe + "' }.available", equalTo(0))
                .body("locations[1].lines.find { it.sku == '" + shoe + "' }.available", equalTo(4))
                .body("locations.locationId", not(hasItem("av-dc")));
    }

    @Test
    void oneLocationAnswersForItself() {
        InventoryTestSupport.receive("av-far", shoe, 7);
        given().queryParam("sku", shoe)
                .queryParam("locationId", "av-far")
                .when()
                .get("/api/availability")
                .then()
                .statusCode(200)
                .body("locations[0].locationId", equalTo("av-far"))
                .body("locations[0].distanceMeters", nullValue())
                .body("locations[0].lines[0].available", equalTo(7));
    }

    @Test
    void badQueriesAreRefused() {
        given().get("/api/availability?locationId=av-far").then().statusCode(400);
        given().queryParam("sku", "NOPE-" + runId.toUpperCase())
                .queryParam("locationId", "av-far")
                .get("/api/availability")
                .then()
                .statusCode(400)
                .body("errors.field", hasItem("sku"));
        given().queryParam("sku", shoe)
                .queryParam("locationId", "av-none")
                .get("/api/availability")
                .then()
                .statusCode(404);
        given().queryParam("sku", shoe)
                .queryParam("lat", 45.0)
                .get("/api/availability")
                .then()
                .statusCode(400);
        given().queryParam("sku", shoe)
                .queryParam("lat", 95.0)
                .queryParam("lon", 5.0)
                .queryParam("radiusKm", 10)
                .get("/api/availability")
                .then()
                .statusCode(400);
        given().queryParam("sku", shoe)
                .queryParam("lat", "north")
                .queryParam("lon", 5.0)
                .queryParam("radiusKm", 10)
                .get("/api/availability")
                .then()
                .statusCode(400);
        given().queryParam("sku", shoe)
                .queryParam("locationId", "av-far")
                .queryParam("lat", 45.0)
                .queryParam("lon", 5.0)
                .queryParam("radiusKm", 10)
                .get("/api/availability")
                .then()
                .statusCode(400);
    }
}
