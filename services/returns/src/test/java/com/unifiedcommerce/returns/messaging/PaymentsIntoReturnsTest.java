package com.unifiedcommerce.returns.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import jakarta.inject.Inject;

import com.unifiedcommerce.contracts.EventType;
import com.unifiedcommerce.contracts.common.Money;
import com.unifiedcommerce.contracts.common.TenderType;
import com.unifiedcommerce.contracts.returns.Refund;
import com.unifiedcommerce.infra.support.Eventually;
import com.unifiedcommerce.infra.support.InfrastructureTestResource;
import com.unifiedcommerce.infra.support.TopicWriter;
import com.unifiedcommerce.returns.domain.RefundSettlement;
import com.unifiedcommerce.returns.store.ReturnStore;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.eclipse.microprofile.config.ConfigProvider;
import org.hibernate.reactive.mutiny.Mutiny;
import org.junit.jupiter.api.Test;

/**
 * A return's card refund is PENDING until the payment service's RefundSettled arrives on the real
 * topic; a failure shows as FAILED, a later success as REFUNDED, and a replay changes nothing.
 */
@QuarkusTest
@WithTestResource(
        value = InfrastructureTestResource.class,
        initArgs = {@ResourceArg(name = "postgres", value = "returns"), @ResourceArg(name = "keycloak", value = "true")
        })
class PaymentsIntoReturnsTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    ReturnStore store;

    @Inject
    Mutiny.SessionFactory sessions;

    private static void settled(String order, String returnId, boolean refunded, String failure) {
        String kafka = ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
        String json = "{\"orderId\":\"" + order + "\",\"cause\":\"return-" + returnId + "\",\"returnId\":\""
                + returnId + "\",\"tender\":\"CARD\",\"amount\":{\"amount\":1800,\"currency\":\"EUR\"},"
                + "\"refunded\":" + refunded + ",\"failure\":" + (failure == null ? "null" : "\"" + failure + "\"")
                + ",\"providerRef\":\"re_1\"}";
        EventType type = EventType.REFUND_SETTLED;
        TopicWriter.publish(kafka, type.topic(), order, type.type(), json, UUID.randomUUID());
    }

    private ReturnStore.Recorded recorded(String returnId) {
        return sessions.withSession(session -> store.find(session, returnId))
                .await()
                .atMost(WAIT)
                .orElseThrow();
    }

    private void accept(String order, String returnId, List<Refund> refunds) {
        ReturnStore.Recorded recorded = new ReturnStore.Recorded(
                returnId,
                order,
                "cus-x",
                "STORE",
                "store-002",
                "EUR",
                2_000,
                0,
                0,
                List.of(),
                refunds,
                "ada",
                null,
                null,
                0,
                null,
                refunds,
                RefundSettlement.owed(refunds));
        sessions.withTransaction(session -> store.insert(session, recorded))
                .await()
                .atMost(WAIT);
    }

    @Test
    void aCardRefundIsPendingUntilTheProviderSettlesItOnce() {
        String order = "ord-" + UUID.randomUUID();
        String returnId = "ret-" + UUID.randomUUID();
        accept(
                order,
                returnId,
                List.of(
                        new Refund(TenderType.CARD, new Money(1_800, "EUR"), "tok_4242424242424242"),
                        new Refund(TenderType.CASH, new Money(200, "EUR"), "drawer")));
        assertEquals(RefundSettlement.Status.PENDING, recorded(returnId).refundStatus());
        assertEquals(1, recorded(returnId).settlements().size());
        assertEquals(1_800, recorded(returnId).settlements().get(0).amount());

        settled(order, returnId, false, "refund_failed");
        Eventually.equal(
                RefundSettlement.Status.FAILED, () -> recorded(returnId).refundStatus(), WAIT);
        assertEquals("refund_failed", recorded(returnId).settlements().get(0).failure());

        // Paid again, then the success replayed and a stale failure after it: refunded stays refunded.
        settled(order, returnId, true, null);
        settled(order, returnId, true, null);
        settled(order, returnId, false, "refund_failed");
        String later = "ret-" + UUID.randomUUID();
        accept(order, later, List.of(new Refund(TenderType.CARD, new Money(100, "EUR"), "tok_4242424242424242")));
        settled(order, later, true, null);
        Eventually.equal(RefundSettlement.Status.REFUNDED, () -> recorded(later).refundStatus(), WAIT);
        assertEquals(RefundSettlement.Status.REFUNDED, recorded(returnId).refundStatus());
    }

    @Test
    void aReturnPaidBackInCashOwesNothingToSettle() {
        String returnId = "ret-" + UUID.randomUUID();
        accept(
                "ord-" + UUID.randomUUID(),
                returnId,
                List.of(new Refund(TenderType.CASH, new Money(2_000, "EUR"), "drawer")));
        assertEquals(List.of(), recorded(returnId).settlements());
        assertEquals(RefundSettlement.Status.REFUNDED, recorded(returnId).refundStatus());
    }
}
