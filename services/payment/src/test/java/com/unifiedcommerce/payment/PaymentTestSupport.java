package com.unifiedcommerce.payment;

import static io.restassured.RestAssured.given;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.unifiedcommerce.contracts.EventType;
import com.unifiedcommerce.contracts.Topics;
import com.unifiedcommerce.infra.support.TestTokens;
import com.unifiedcommerce.infra.support.TopicReader;
import com.unifiedcommerce.infra.support.TopicWriter;
import com.unifiedcommerce.platform.messaging.IncomingEvent;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import org.eclipse.microprofile.config.ConfigProvider;

/** What the payment service's tests share: the order service's token, and the provider's own books. */
public final class PaymentTestSupport {

    private static String serviceToken;

    private PaymentTestSupport() {}

    public static TestTokens tokens() {
        return new TestTokens(ConfigProvider.getConfig().getValue("commerce.keycloak.url", String.class));
    }

    /** Calls as the order service does (client credentials; the token fetched once). */
    public static RequestSpecification asOrderService() {
        if (serviceToken == null) {
            serviceToken = tokens().service("order");
        }
        return given().auth().oauth2(serviceToken).contentType("application/json");
    }

    /** The payment view of an order, as the order service reads it. */
    public static Map<String, Object> payment(String order) {
        return asOrderService()
                .get("/api/payments/orders/" + order)
                .then()
                .statusCode(200)
                .extract()
                .path("payment");
    }

    /** Publishes an event on its real topic, as its producer would (a fresh event id each time). */
    public static void publish(EventType type, String key, String json) {
        String kafka = ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
        TopicWriter.publish(kafka, type.topic(), key, type.type(), json, UUID.randomUUID());
    }

    /** The events published on commerce.payments for an order (waits up to 10 s for a second one). */
    public static List<IncomingEvent> paymentEvents(String order) {
        String kafka = ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
        return TopicReader.read(kafka, Topics.PAYMENTS, order::equals, 2, Duration.ofSeconds(10)).stream()
                .map(IncomingEvent::from)
                .toList();
    }

    /** The simulator's API with the merchant's development key, as the provider's dashboard would see it. */
    public static RequestSpecification atProvider() {
        return given().auth()
                .oauth2("provider-api-dev-secret")
                .baseUri(ConfigProvider.getConfig().getValue("payment.provider.url", String.class))
                .contentType("application/json");
    }

    /** The provider's own record of an authorisation. */
    public static JsonPath providerRecord(String ref) {
        return atProvider()
                .get("/v1/authorisations/" + ref)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }
}
