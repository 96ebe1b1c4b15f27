package com.unifiedcommerce.returns.messaging;

import java.util.Set;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.unifiedcommerce.contracts.EventType;
import com.unifiedcommerce.contracts.payments.RefundSettled;
import com.unifiedcommerce.platform.messaging.Inbox;
import com.unifiedcommerce.platform.messaging.PermanentFailure;
import com.unifiedcommerce.returns.domain.RefundSettlement;
import com.unifiedcommerce.returns.store.ReturnStore;
import io.smallrye.mutiny.Uni;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * A return's money is refunded when the payment provider says so: the payment service's
 * {@link RefundSettled} for a return's refund settles that return's refund to the tender, once
 * (inbox; a settled refund stays settled). Refunds with other causes are not returns' business.
 */
@ApplicationScoped
public class PaymentsIntoReturns {

    static final String CONSUMER = "returns-payments";

    @Inject
    Inbox inbox;

    @Inject
    ReturnStore store;

    @Inject
    ObjectMapper json;

    @Incoming("payments")
    public Uni<Void> onPayment(ConsumerRecord<String, byte[]> record) {
        return inbox.consume(
                record,
                CONSUMER,
                Set.of(EventType.REFUND_SETTLED),
                (session, type, event) -> settle(session, event.payload(json, RefundSettled.class)));
    }

    private Uni<?> settle(Mutiny.Session session, RefundSettled settled) {
        if (settled.returnId() == null) {
            return Uni.createFrom().voidItem();
        }
        return store.settle(
                        session,
                        settled.returnId(),
                        settled.tender().name(),
                        settled.refunded() ? RefundSettlement.Status.REFUNDED : RefundSettlement.Status.FAILED,
                        settled.failure(),
                        settled.providerRef())
                .invoke(known -> {
                    if (!known) {
                        throw new PermanentFailure("A " + settled.tender() + " refund of return " + settled.returnId()
                                + " was settled, but that return owes no such refund");
                    }
                });
    }
}
