package com.unifiedcommerce.inventory.api;

import static com.unifiedcommerce.inventory.api.InventoryTestSupport.as;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.util.List;
import java.util.Map;

import com.unifiedcommerce.infra.support.InfrastructureTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** The item master and the locations: who may write them, and what bad input gets. */
@QuarkusTest
@WithTestResource(
        value = InfrastructureTestResource.class,
        initArgs = {
            @ResourceArg(name = "postgres", value = "inventory"),
            @ResourceArg(name = "keycloak", value = "true")
        })
class CatalogueTest {

    private static final String PROBLEM = "application/problem+json";

    private static Map<String, Object> item(Object amount, String currency) {
        return Map.of(
                "name",
                "Trail shoe",
                "category",
                "footwear",
                "listPrice",
                Map.of("amount", amount, "currency", currency),
                "returnable",
                true,
                "returnDays",
                60);
    }

    @Test
    void adminCreatesThenReplacesAnItemThatAnyoneMayRead() {
        as("root").body(item(8999, "EUR")).put("/api/items/SHOE-42").then().statusCode(201);
        as("root")
                .body(item(7999, "EUR"))
                .put("/api/items/SHOE-42")
                .then()
                .statusCode(200)
                .body("listPrice.amount", equalTo(7999));
        given().when()
                .get("/api/items/SHOE-42")
                .then()
                .statusCode(200)
                .body("name", equalTo("Trail shoe"))
                .body("listPrice.currency", equalTo("EUR"))
                .body("returnDays", equalTo(60));
    }

    @Test
    void severalItemsAreReadInOneCallNamingTheUnknownOnes() {
        InventoryTestSupport.item("BATCH-1", 1_500);
        InventoryTestSupport.item("BATCH-2", 2_500);
        given().queryParam("sku", "BATCH-2", "BATCH-1", "BATCH-NONE", "BATCH-1")
                .get("/api/items")
                .then()
                .statusCode(200)
                .body("items.sku", equalTo(List.of("BATCH-1", "BATCH-2")))
                .body("items[1].listPrice.amount", equalTo(2_500))
                .body("unknown", equalTo(List.of("BATCH-NONE")));
        given().get("/api/items").then().statusCode(400).contentType("application/problem+json");
        given().queryParam("sku", "bad sku").get("/api/items").then().statusCode(400);
    }

    @Test
    void onlyAdminWritesTheItemMaster() {
        for (String user : new String[] {"alice", "ada", "maria"}) {
            as(user).body(item(100, "EUR"))
                    .put("/api/items/NOPE-1")
                    .then()
                    .statusCode(403)
                    .contentType(PROBLEM);
        }
        // The role is checked before the body: a customer learns nothing from a bad one.
        as("alice").body("{}").put("/api/items/NOPE-1").then().statusCode(403);
        given().contentType("application/json")
                .body(item(100, "EUR"))
                .put("/api/items/NOPE-1")
                .then()
                .statusCode(401);
        given().when().get("/api/items/NOPE-1").then().statusCode(404).contentType(PROBLEM);
    }

    @Test
    void badItemsAreRefusedNamingTheField() {
        as("root")
                .body(item(-1, "EUR"))
                .put("/api/items/BAD-1")
                .then()
                .statusCode(400)
                .contentType(PROBLEM)
                .body("errors.field", hasItem("listPrice.amount"));
        as("root")
                .body(item(100, "euro"))
                .put("/api/items/BAD-1")
                .then()
                .statusCode(400)
                .body("errors.field", hasItem("listPrice.currency"));
        as("root").body(item("ten", "EUR")).put("/api/items/BAD-1").then().statusCode(400);
        as("root").body(item(100, "EUR")).put("/api/items/bad sku").then().statusCode(400);
        as("root")
                .body(Map.of(
                        "name",
                        "x",
                        "category",
                        "y",
                        "listPrice",
                        Map.of("amount", 1, "currency", "EUR"),
                        "returnable",
                        false,
                        "returnDays",
                        30))
                .put("/api/items/BAD-1")
                .then()
                .statusCode(400)
                .body("errors.field", hasItem("returnDays"));
        given().when().get("/api/items/BAD-1").then().statusCode(404);
    }

    @Test
    void locationsAreListedForAnyoneAndKeptByAdmin() {
        Map<String, Object> store = Map.of(
                "name",
                "Centre",
                "type",
                "STORE",
                "latitude",
                48.8566,
                "longitude",
                2.3522,
                "pickupEnabled",
                true,
                "acceptsReturns",
                true,
                "pickupHoldHours",
                72,
                "address",
                "2 place du Châtelet, 75001 Paris");
        as("root").body(store).put("/api/locations/store-centre").then().statusCode(201);
        as("maria").body(store).put("/api/locations/store-centre").then().statusCode(403);
        given().when()
                .get("/api/locations?size=200")
                .then()
                .statusCode(200)
                .body("items.id", hasItem("store-centre"))
                .body("page", equalTo(0));
        given().when()
                .get("/api/locations/store-centre")
                .then()
                .statusCode(200)
                .body("pickupHoldHours", equalTo(72))
                .body("address", equalTo("2 place du Châtelet, 75001 Paris"));
    }

    @Test
    void badLocationsAreRefused() {
        Map<String, Object> dcWithPickup = Map.of(
                "name",
                "DC",
                "type",
                "DC",
                "latitude",
                48.9,
                "longitude",
                2.4,
                "pickupEnabled",
                true,
                "acceptsReturns",
                false,
                "pickupHoldHours",
                1);
        as("root")
                .body(dcWithPickup)
                .put("/api/locations/dc-bad")
                .then()
                .statusCode(400)
                .body("errors.field", hasItem("pickupEnabled"));
        as("root")
                .body(Map.of(
                        "name",
                        "Nowhere",
                        "type",
                        "STORE",
                        "latitude",
                        91,
                        "longitude",
                        2.4,
                        "pickupEnabled",
                        false,
                        "acceptsReturns",
                        false,
                        "pickupHoldHours",
                        1))
                .put("/api/locations/store-bad")
                .then()
                .statusCode(400)
                .body("errors.field", hasItem("latitude"));
        as("root")
                .body(Map.of("name", "x", "type", "SHOP"))
                .put("/api/locations/store-bad")
                .then()
                .statusCode(400);
        Map<String, Object> longAddress = new java.util.HashMap<>(dcWithPickup);
        longAddress.put("pickupEnabled", false);
        longAddress.put("address", "x".repeat(301));
        as("root")
                .body(longAddress)
                .put("/api/locations/dc-bad")
                .then()
                .statusCode(400)
                .body("errors.field", hasItem("address"));
        given().when().get("/api/locations/dc-bad").then().statusCode(404);
        given().when().get("/api/locations?size=0").then().statusCode(400);
    }
}
