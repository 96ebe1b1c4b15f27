package com.unifiedcommerce.it.system;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.equalTo;

import java.util.Map;

import io.restassured.specification.RequestSpecification;

/** What the back office sets up through the gateway before a journey: stores, a DC, items, stock. */
public final class BackOffice {

    private final RunningSystem system;
    private final String admin;

    public BackOffice(RunningSystem system) {
        this.system = system;
        this.admin = system.tokens().user("root");
    }

    private RequestSpecification request() {
        return given().baseUri(system.gatewayUrl()).auth().oauth2(admin).contentType("application/json");
    }

    /** A store in Paris (1 rue de Rivoli) that hands over pickups and takes returns (created or replaced). */
    public void store(String id) {
        location(id, "STORE", true, true);
    }

    /** A store that hands over pickups but takes no returns (an outlet, say). */
    public void storeTakingNoReturns(String id) {
        location(id, "STORE", true, false);
    }

    /** A distribution centre: ships, takes returns by mail, no pickups. */
    public void dc(String id) {
        location(id, "DC", false, true);
    }

    private void location(String id, String type, boolean pickup, boolean returns) {
        request()
                .body(Map.of(
                        "name",
                        "Location " + id,
                        "type",
                        type,
                        "latitude",
                        48.86,
                        "longitude",
                        2.35,
                        "pickupEnabled",
                        pickup,
                        "acceptsReturns",
                        returns,
                        "pickupHoldHours",
                        48,
                        "address",
                        "1 rue de Rivoli, 75001 Paris"))
                .put("/api/locations/" + id)
                .then()
                .statusCode(anyOf(equalTo(200), equalTo(201)));
    }

    /** A returnable item at this price in EUR minor units, under the policy's window. */
    public void item(String sku, long price) {
        item(sku, price, true, null);
    }

    /** An item with its own returnability and, when not null, its own return window in days. */
    public void item(String sku, long price, boolean returnable, Integer returnDays) {
        Map<String, Object> body = new java.util.HashMap<>(Map.of(
                "name",
                "Item " + sku,
                "category",
                "journey",
                "listPrice",
                Map.of("amount", price, "currency", "EUR"),
                "returnable",
                returnable));
        if (returnDays != null) {
            body.put("returnDays", returnDays);
        }
        request().body(body).put("/api/items/" + sku).then().statusCode(anyOf(equalTo(200), equalTo(201)));
    }

    /** Units received at a location. */
    public void receive(String location, String sku, int units) {
        request()
                .body(Map.of("delta", units, "reason", "RECEIVED"))
                .post("/api/stock/" + location + "/" + sku + "/adjustments")
                .then()
                .statusCode(201);
    }
}
