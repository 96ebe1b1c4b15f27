package com.unifiedcommerce.payment.messaging;

import static com.unifiedcommerce.payment.PaymentTestSupport.asOrderService;
import static com.unifiedcommerce.payment.PaymentTestSupport.payment;
import static com.unifiedcommerce.payment.PaymentTestSupport.paymentEvents;
import static com.unifiedcommerce.payment.PaymentTestSupport.publish;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.unifiedcommerce.contracts.EventType;
import com.unifiedcommerce.contracts.payments.RefundSettled;
import com.unifiedcommerce.infra.support.Eventually;
import com.unifiedcommerce.infra.support.InfrastructureTestResource;
import com.unifiedcommerce.platform.messaging.IncomingEvent;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/**
 * An accepted return on the real topic refunds its card part once, even when it arrives before the
 * capture of the hand-over it follows.
 */
@QuarkusTest
@WithTestResource(
        value = InfrastructureTestResource.class,
        initArgs = {@ResourceArg(name = "postgres", value = "payments"), @ResourceArg(name = "keycloak", value = "true")
        })
class ReturnsIntoPaymentsTest {

    @Test
    void aReturnRefundsItsCardPartOnceEvenWhenItArrivesBeforeTheCapture() {
        String order = "ord-" + UUID.randomUUID();
        asOrderService()
                .body(Map.of(
                        "orderId",
                        order,
                        "amount",
                        Map.of("amount", 5_000, "currency", "EUR"),
                        "cardToken",
                        "tok_4242424242424242",
                        "attempt",
                        1))
                .post("/api/payments/cards")
                .then()
                .statusCode(201);
        String returnId = "ret-" + UUID.randomUUID();
        String accepted = "{\"returnId\":\"" + returnId + "\",\"orderId\":\"" + order + "\",\"customerId\":\"cus-x\","
                + "\"channel\":\"STORE\",\"locationId\":\"store-002\",\"lines\":[],"
                + "\"refunds\":[{\"tender\":\"CARD\",\"amount\":{\"amount\":1800,\"currency\":\"EUR\"},"
                + "\"reference\":\"tok_4242424242424242\"},{\"tender\":\"CASH\",\"amount\":{\"amount\":200,"
                + "\"currency\":\"EUR\"},\"reference\":\"drawer\"}],\"pointsRefunded\":0,\"pointsReversed\":0}";
        // The return first (its topic was quicker), twice; then the pickup that it follows.
        publish(EventType.RETURN_ACCEPTED, order, accepted);
        publish(EventType.RETURN_ACCEPTED, order, accepted);
        publish(
                EventType.ORDER_PICKED_UP,
                order,
                "{\"orderId\":\"" + order + "\",\"customerId\":\"cus-x\",\"channel\":\"WEB\","
                        + "\"locationId\":\"store-001\",\"lines\":[]}");
        Eventually.equal(1_800, () -> payment(order).get("refunded"), Duration.ofSeconds(60));
        assertEquals(5_000, payment(order).get("captured"));
        assertEquals(
                List.of("AUTHORISED", "CAPTURED", "REFUND_REQUESTED", "REFUNDED"),
                asOrderService()
                        .get("/api/payments/orders/" + order)
                        .then()
                        .extract()
                        .path("entries.kind"));
        // The return learns that its money is back: one RefundSettled, naming it.
        List<IncomingEvent> settled = paymentEvents(order);
        assertEquals(1, settled.size());
        assertEquals(EventType.REFUND_SETTLED.type(), settled.get(0).type());
        RefundSettled refund = settled.get(0).payload(new ObjectMapper(), RefundSettled.class);
        assertEquals(returnId, refund.returnId());
        assertEquals(1_800, refund.amount().amount());
        assertEquals(true, refund.refunded());
    }
}
