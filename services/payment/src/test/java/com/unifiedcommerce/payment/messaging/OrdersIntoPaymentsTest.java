package com.unifiedcommerce.payment.messaging;

import static com.unifiedcommerce.payment.PaymentTestSupport.asOrderService;
import static com.unifiedcommerce.payment.PaymentTestSupport.payment;
import static com.unifiedcommerce.payment.PaymentTestSupport.publish;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.unifiedcommerce.contracts.EventType;
import com.unifiedcommerce.infra.support.Eventually;
import com.unifiedcommerce.infra.support.InfrastructureTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/**
 * The order ledger's events on the real topic move the card money: a pickup captures, a no-show
 * voids, each once however often the event comes.
 */
@QuarkusTest
@WithTestResource(
        value = InfrastructureTestResource.class,
        initArgs = {@ResourceArg(name = "postgres", value = "payments"), @ResourceArg(name = "keycloak", value = "true")
        })
class OrdersIntoPaymentsTest {

    private static String authorised(long amount) {
        String order = "ord-" + UUID.randomUUID();
        asOrderService()
                .body(Map.of(
                        "orderId",
                        order,
                        "amount",
                        Map.of("amount", amount, "currency", "EUR"),
                        "cardToken",
                        "tok_4242424242424242",
                        "attempt",
                        1))
                .post("/api/payments/cards")
                .then()
                .statusCode(201);
        return order;
    }

    private static List<String> entries(String order) {
        return asOrderService()
                .get("/api/payments/orders/" + order)
                .then()
                .extract()
                .path("entries.kind");
    }

    @Test
    void aPickupCapturesTheAuthorisationOnceHoweverOftenItIsDelivered() {
        String order = authorised(3_100);
        String pickedUp = "{\"orderId\":\"" + order + "\",\"customerId\":\"cus-x\",\"channel\":\"WEB\","
                + "\"locationId\":\"store-001\",\"lines\":[]}";
        publish(EventType.ORDER_PICKED_UP, order, pickedUp);
        publish(EventType.ORDER_PICKED_UP, order, pickedUp);
        Eventually.equal(3_100, () -> payment(order).get("captured"), Duration.ofSeconds(30));
        // A cancellation arriving after the hand-over (out of order) voids nothing.
        publish(EventType.ORDER_CANCELLED, order, "{\"orderId\":\"" + order + "\",\"reason\":\"STORE\"}");
        publish(EventType.ORDER_PICKED_UP, order, pickedUp);
        Eventually.equal(List.of("AUTHORISED", "CAPTURED"), () -> entries(order), Duration.ofSeconds(10));
        assertEquals("AUTHORISED", payment(order).get("status"));
    }

    @Test
    void aNoShowVoidsTheAuthorisation() {
        String order = authorised(1_250);
        String noShow = "{\"orderId\":\"" + order + "\",\"customerId\":\"cus-x\",\"reason\":\"NO_SHOW\","
                + "\"locationId\":\"store-001\"}";
        publish(EventType.ORDER_CANCELLED, order, noShow);
        publish(EventType.ORDER_CANCELLED, order, noShow);
        Eventually.equal("VOIDED", () -> payment(order).get("status"), Duration.ofSeconds(30));
        assertEquals(List.of("AUTHORISED", "VOIDED"), entries(order));
    }
}
