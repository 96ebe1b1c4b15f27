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

    /** A customer who registered with Keycloak and signed up: their token and customer id. */
    public record Customer(String id, String token) {}

    /** Registers {@code username} with Keycloak, signs up through the gateway and signs in again. */
    public Customer newCustomer(String username) {
        tokens.register(username, username + "@example.com", "Test", username);
        TestTokens.Session session = tokens.signIn(username);
        String id = with(session.accessToken())
                .body(Map.of("channel", "WEB"))
                .post("/api/customers")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        return new Customer(id, tokens.refresh(session));
    }

    /** Gives a customer points through a back-office correction. */
    public void givePoints(String customer, long points) {
        as("root")
                .body(Map.of("points", points, "reason", "journey"))
                .post("/api/loyalty/accounts/" + customer + "/adjustments")
                .then()
                .statusCode(201);
    }

    private static final java.util.regex.Pattern CODE = java.util.regex.Pattern.compile("code is (\\d{6})");

    /**
     * The customer verified present: {@code caller} (a demo user) has a code sent to them by
     * {@code via} (EMAIL or SMS), the customer reads it out (here: from the messages the customer
     * service recorded, which only admin reads), and the confirmation answers the proof.
     */
    public String proof(String caller, String customer, String via) {
        return proofWith(tokens.user(caller), customer, via);
    }

    /** As {@link #proof(String, String, String)}, for a caller's token (a signed-in customer, say). */
    public String proofWith(String token, String customer, String via) {
        String verification = with(token)
                .body(Map.of("via", via))
                .post("/api/customers/" + customer + "/verifications")
                .then()
                .statusCode(201)
                .extract()
                .path("verificationId");
        return with(token)
                .body(Map.of("code", lastCode(customer)))
                .post("/api/customers/" + customer + "/verifications/" + verification + "/confirm")
                .then()
                .statusCode(200)
                .extract()
                .path("proof");
    }

    /** The customer's phone, as it were: the last code recorded for them. */
    public String lastCode(String customer) {
        String text = as("root").get("/api/customers/" + customer + "/contacts").path("[0].text");
        java.util.regex.Matcher matcher = CODE.matcher(text);
        if (!matcher.find()) {
            throw new AssertionError("no code in the last message to " + customer + ": " + text);
        }
        return matcher.group(1);
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

    /** The checkout of a web order to pick up at the store, paid with the tenders and points given. */
    public static Map<String, Object> pickup(
            String store, List<Map<String, Object>> lines, List<Map<String, Object>> tenders, long points) {
        return Map.of(
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
    }

    /**
     * What the returns service does first in an exchange: the replacement order, placed with its
     * client's token and paid with the return's credit (the return id is its key); emits its id.
     */
    public String exchangeOrder(String returnId, String customerId, String store, String sku, long credit) {
        return with(tokens.service("returns"))
                .header("Idempotency-Key", returnId)
                .body(Map.of(
                        "returnId",
                        returnId,
                        "customerId",
                        customerId,
                        "locationId",
                        store,
                        "lines",
                        List.of(Map.of("sku", sku, "quantity", 1)),
                        "credit",
                        Map.of("amount", credit, "currency", "EUR")))
                .post("/api/orders/exchanges")
                .then()
                .statusCode(201)
                .body("status", org.hamcrest.Matchers.equalTo("PLACED"))
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
        return with(customerToken)
                .body(pickup(store, lines, tenders, points))
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
