package com.unifiedcommerce.inventory.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.is;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;

import com.unifiedcommerce.infra.support.TestTokens;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.eclipse.microprofile.config.ConfigProvider;

/** Tokens per demo user (fetched once), and the back-office calls tests set their scene with. */
final class InventoryTestSupport {

    private static final Map<String, String> TOKENS = new ConcurrentHashMap<>();

    private InventoryTestSupport() {}

    static String token(String user) {
        return TOKENS.computeIfAbsent(user, name -> tokens().user(name));
    }

    static TestTokens tokens() {
        return new TestTokens(ConfigProvider.getConfig().getValue("commerce.keycloak.url", String.class));
    }

    static RequestSpecification as(String user) {
        return given().auth().oauth2(token(user)).contentType("application/json");
    }

    static void item(String sku, long price) {
        as("root")
                .body(Map.of(
                        "name",
                        "Item " + sku,
                        "category",
                        "test",
                        "listPrice",
                        Map.of("amount", price, "currency", "EUR"),
                        "returnable",
                        true))
                .put("/api/items/" + sku)
                .then()
                .statusCode(anyOf(is(200), is(201)));
    }

    static void store(String id, double latitude, double longitude) {
        as("root")
                .body(Map.of(
                        "name",
                        "Store " + id,
                        "type",
                        "STORE",
                        "latitude",
                        latitude,
                        "longitude",
                        longitude,
                        "pickupEnabled",
                        true,
                        "acceptsReturns",
                        true,
                        "pickupHoldHours",
                        48))
                .put("/api/locations/" + id)
                .then()
                .statusCode(anyOf(is(200), is(201)));
    }

    /** How a race of one-unit requests on {@code sku} ended: how many took a unit, how many were told it was gone. */
    record Race(int taken, int shortWithNothingLeft) {}

    /**
     * Waits for every answer of a race and counts the 201s and the 409s naming {@code sku} as short
     * with nothing available; any other answer is in neither count, so the callers' totals catch it.
     */
    static Race tally(List<Future<Response>> answers, String sku) throws Exception {
        int taken = 0;
        int gone = 0;
        for (Future<Response> answer : answers) {
            Response response = answer.get();
            if (response.statusCode() == 201) {
                taken++;
            } else if (response.statusCode() == 409
                    && sku.equals(response.path("shortLines[0].sku"))
                    && Integer.valueOf(0).equals(response.path("shortLines[0].available"))) {
                gone++;
            }
        }
        return new Race(taken, gone);
    }

    /** The two stores of the demo users: ada and maria work at store-001, ben at store-002. */
    static void twoStores() {
        store("store-001", 48.85, 2.35);
        store("store-002", 48.87, 2.30);
    }

    /** Receives {@code units} of {@code sku} at {@code store} as its manager would (admin here). */
    static void receive(String store, String sku, int units) {
        as("root")
                .body(Map.of("delta", units, "reason", "RECEIVED"))
                .post("/api/stock/" + store + "/" + sku + "/adjustments")
                .then()
                .statusCode(201);
    }
}
