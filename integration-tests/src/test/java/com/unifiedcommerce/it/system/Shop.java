package com.unifiedcommerce.it.system;

import static io.restassured.RestAssured.given;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.unifiedcommerce.infra.support.TestTokens;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * What the journeys do again and again through the gateway, as the apps and the POS would: call
 * as a demo user or with a token, read stock and points back, pay, hand a pickup over.
 */
public final class Shop {

    private final RunningSystem system;
    private final TestTokens tokens;

    public Shop(RunningSystem system) {
        this.system = system;
        this.tokens = system.tokens();
    }

    public TestTokens tokens() {
        return tokens;
    }

    /** A request as a demo user of the realm (their own fresh token). */
    public RequestSpecification as(String user) {
        return with(tokens.user(user));
    }

    public RequestSpecification with(String token) {
        return given().baseUri(system.gatewayUrl()).auth().oauth2(token).contentType("application/json");
    }

    /** A customer's points balance; 0 while they have no account (no points so far). */
    public long points(String customer) {
        Response account = as("root").get("/api/loyalty/accounts/" + customer);
        return account.statusCode() == 404 ? 0 : ((Number) account.path("balance")).longValue();
    }

    /** Units on hand of a SKU at a location; 0 where it was never stocked. */
    public int onHand(String location, String sku) {
        Response stock = as("root").get("/api/stock/" + location + "/" + sku);
        return stock.statusCode() == 404 ? 0 : stock.path("onHand");
    }

    /** A tender in EUR minor units, as the checkout takes it. */
    public static Map<String, Object> tender(String type, long amount, String reference) {
        return Map.of("type", type, "amount", Map.of("amount", amount, "currency", "EUR"), "reference", reference);
    }

    /**
     * A sale at the counter of the associate's store, for an identified customer (or null), paid
     * with one tender and handed over at once; emits the order id.
     */
    public String counterSale(
            String associate,
            String store,
            String customerId,
            List<Map<String, Object>> lines,
            Map<String, Object> tender) {
        Map<String, Object> body = new HashMap<>(Map.of(
                "channel",
                "STORE",
                "fulfilment",
                "CARRY_OUT",
                "locationId",
                store,
                "lines",
                lines,
                "tenders",
                List.of(tender)));
        if (customerId != null) {
            body.put("customerId", customerId);
        }
        return as(associate)
                .body(body)
                .post("/api/orders")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    /** A web order to pick up at the store, paid with the tenders and points given; emits the order id. */
    public String webPickup(
            String customerToken,
            String store,
            List<Map<String, Object>> lines,
            List<Map<String, Object>> tenders,
            long points) {
        Map<String, Object> body = Map.of(
                "channel",
                "WEB",
                "fulfilment",
                "PICKUP",
                "locationId",
                store,
                "lines",
                lines,
                "tenders",
                tenders,
                "pointsToRedeem",
                points);
        return with(customerToken)
                .body(body)
                .post("/api/orders")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    /** The store marks the order ready and hands it over on the code only its customer sees. */
    public void handOver(String associate, String customerToken, String orderId) {
        as(associate).post("/api/orders/" + orderId + "/ready").then().statusCode(200);
        String code = with(customerToken).get("/api/orders/" + orderId).path("pickup.code");
        as(associate)
                .body(Map.of("code", code))
                .post("/api/orders/" + orderId + "/pickup")
                .then()
                .statusCode(200);
    }
}
