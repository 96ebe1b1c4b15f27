package com.unifiedcommerce.loyalty;

import static io.restassured.RestAssured.given;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.unifiedcommerce.contracts.EventType;
import com.unifiedcommerce.contracts.common.Channel;
import com.unifiedcommerce.contracts.common.Fulfilment;
import com.unifiedcommerce.contracts.common.Money;
import com.unifiedcommerce.contracts.orders.OrderLine;
import com.unifiedcommerce.contracts.orders.OrderPickedUp;
import com.unifiedcommerce.contracts.orders.OrderPlaced;
import com.unifiedcommerce.contracts.returns.ReturnAccepted;
import com.unifiedcommerce.contracts.returns.ReturnLine;
import com.unifiedcommerce.infra.support.TestTokens;
import com.unifiedcommerce.infra.support.TopicWriter;
import io.restassured.response.Response;

/** Orders, returns and accounts as the loyalty tests need them: events written as the other services write them. */
public final class LoyaltyScenes {

    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();

    private final TestTokens tokens;
    private final String kafka;

    public LoyaltyScenes(String keycloak, String kafka) {
        this.tokens = new TestTokens(keycloak);
        this.kafka = kafka;
    }

    public TestTokens tokens() {
        return tokens;
    }

    /** A picked-up line of {@code quantity} units that cost {@code paidMinor} EUR in money and {@code points} in points. */
    public static OrderLine line(String lineId, int quantity, long paidMinor, long points) {
        return new OrderLine(
                lineId,
                "SKU-" + lineId,
                quantity,
                new Money(paidMinor / quantity, "EUR"),
                Fulfilment.PICKUP,
                "store-001",
                points,
                true,
                new Money(paidMinor, "EUR"));
    }

    public static OrderPickedUp pickedUp(String orderId, String customerId, OrderLine... lines) {
        return new OrderPickedUp(orderId, customerId, Channel.STORE, "store-001", List.of(lines));
    }

    public static OrderPlaced placed(String orderId, String customerId, long points) {
        return new OrderPlaced(
                orderId, customerId, Channel.WEB, "store-001", List.of(), List.of(), points, new Money(0, "EUR"));
    }

    public static ReturnAccepted returned(
            String returnId, String orderId, String customerId, Map<String, Integer> units) {
        return new ReturnAccepted(
                returnId,
                orderId,
                customerId,
                Channel.STORE,
                "store-002",
                units.entrySet().stream()
                        .map(unit -> new ReturnLine(
                                unit.getKey(),
                                "SKU-" + unit.getKey(),
                                unit.getValue(),
                                ReturnLine.Condition.RESELLABLE,
                                "CHANGED_MIND"))
                        .toList(),
                List.of(),
                0,
                0,
                null);
    }

    public static String json(Record payload) {
        try {
            return JSON.writeValueAsString(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** Publishes the event on its topic, keyed as its service would key it; returns its id. */
    public UUID publish(String key, Record payload) {
        EventType type = EventType.of(payload);
        return TopicWriter.publish(kafka, type.topic(), key, type.type(), json(payload));
    }

    public UUID publish(String key, Record payload, UUID id) {
        EventType type = EventType.of(payload);
        return TopicWriter.publish(kafka, type.topic(), key, type.type(), json(payload), id);
    }

    /** Credits (or debits) the customer through the back office's adjustment. */
    public void adjust(String customerId, long points) {
        given().auth()
                .oauth2(tokens.user("root"))
                .contentType("application/json")
                .body(Map.of("points", points, "reason", "test balance"))
                .post("/api/loyalty/accounts/" + customerId + "/adjustments")
                .then()
                .statusCode(201);
    }

    public Response hold(String customerId, String reference, long points) {
        return given().auth()
                .oauth2(tokens.service("order"))
                .contentType("application/json")
                .body(Map.of("reference", reference, "points", points))
                .post("/api/loyalty/accounts/" + customerId + "/holds");
    }

    /** The account summary as the back office reads it (empty map when there is no account). */
    public Map<String, Object> account(String customerId) {
        Response response = given().auth().oauth2(tokens.user("root")).get("/api/loyalty/accounts/" + customerId);
        return response.statusCode() == 404
                ? Map.of()
                : response.then().statusCode(200).extract().path("$");
    }

    public long balance(String customerId) {
        Object balance = account(customerId).get("balance");
        return balance == null ? Long.MIN_VALUE : ((Number) balance).longValue();
    }
}
