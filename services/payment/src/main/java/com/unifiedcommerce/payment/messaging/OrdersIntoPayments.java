package com.unifiedcommerce.payment.messaging;

import java.util.Optional;
import java.util.Set;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.unifiedcommerce.contracts.EventType;
import com.unifiedcommerce.contracts.orders.OrderCancelled;
import com.unifiedcommerce.contracts.orders.OrderPickedUp;
import com.unifiedcommerce.contracts.orders.OrderShipped;
import com.unifiedcommerce.payment.app.CardPaymentFlow;
import com.unifiedcommerce.payment.app.GiftCardLedger;
import com.unifiedcommerce.payment.domain.CardPayment;
import com.unifiedcommerce.platform.messaging.IncomingEvent;
import com.unifiedcommerce.platform.messaging.PermanentFailure;
import com.unifiedcommerce.platform.messaging.Retrying;
import com.unifiedcommerce.platform.problem.ProblemException;
import com.unifiedcommerce.platform.problem.ProblemType;
import io.smallrye.mutiny.Uni;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * What the order ledger's events do to an order's card payment: the goods handed over (picked up
 * at the counter, or shipped) capture what is left of the authorisation, a cancellation (by the
 * customer, the store, a no-show, an expired hold) voids it. Each is a movement with its cause
 * ("pickup", "shipment", "cancelled:NO_SHOW"), which the payment service and the provider apply
 * once, so a redelivered event moves no money twice; no inbox row is needed (and none could be
 * written: the provider is asked outside any transaction). A provider that does not answer is
 * retried with back-off; a movement the payment's state refuses (capturing a voided
 * authorisation) is a dead letter, for someone to look at.
 */
@ApplicationScoped
public class OrdersIntoPayments {

    static final String CONSUMER = "payment-orders";
    private static final Set<EventType> WANTED =
            Set.of(EventType.ORDER_PICKED_UP, EventType.ORDER_SHIPPED, EventType.ORDER_CANCELLED);

    @Inject
    CardPaymentFlow flow;

    @Inject
    GiftCardLedger giftCards;

    @Inject
    Retrying retrying;

    @Inject
    ObjectMapper json;

    @Incoming("orders")
    public Uni<Void> onOrder(ConsumerRecord<String, byte[]> record) {
        IncomingEvent event = IncomingEvent.from(record);
        Optional<EventType> type = EventType.ofType(event.type());
        if (type.isEmpty() || !WANTED.contains(type.get())) {
            return Uni.createFrom().voidItem();
        }
        return retrying.handle(CONSUMER, event, () -> apply(type.get(), event));
    }

    private Uni<?> apply(EventType type, IncomingEvent event) {
        return switch (type) {
            case ORDER_PICKED_UP ->
                handOver(event.payload(json, OrderPickedUp.class).orderId(), "pickup");
            case ORDER_SHIPPED ->
                handOver(event.payload(json, OrderShipped.class).orderId(), "shipment");
            case ORDER_CANCELLED -> {
                OrderCancelled cancelled = event.payload(json, OrderCancelled.class);
                yield giftCards
                        .releaseAll(cancelled.orderId())
                        .chain(() -> voidIfAuthorised(cancelled.orderId(), "cancelled-" + cancelled.reason()));
            }
            default -> Uni.createFrom().voidItem();
        };
    }

    /** The goods were handed over: gift card holds are redeemed (once), then the card is captured. */
    private Uni<?> handOver(String orderId, String cause) {
        return giftCards.redeem(orderId, "order-" + cause).chain(() -> captureRest(orderId, cause));
    }

    /** Captures what is left of the order's card authorisation; nothing when the order was not paid by card. */
    private Uni<?> captureRest(String orderId, String cause) {
        return flow.captureRest(orderId, cause)
                .onFailure(ProblemException.class)
                .transform(OrdersIntoPayments::refusal);
    }

    private Uni<?> voidIfAuthorised(String orderId, String cause) {
        return flow.byOrder(orderId).chain(found -> {
            if (found.isEmpty() || found.get().status() != CardPayment.Status.AUTHORISED) {
                // No card, or nothing left to release (declined, already voided, abandoned and swept).
                return Uni.createFrom().voidItem();
            }
            if (found.get().captured() + found.get().capturing() > 0) {
                // Money was taken at a hand-over: giving it back is a refund, the return's business.
                return Uni.createFrom().voidItem();
            }
            return flow.voidAuthorisation(orderId, cause)
                    .onFailure(ProblemException.class)
                    .transform(OrdersIntoPayments::refusal);
        });
    }

    /** A refusal by the payment's own rules is permanent; the provider being away is not. */
    private static Throwable refusal(Throwable failure) {
        ProblemException problem = (ProblemException) failure;
        return problem.type() == ProblemType.UNAVAILABLE || problem.type() == ProblemType.GATEWAY_TIMEOUT
                ? problem
                : new PermanentFailure(problem.getMessage(), problem);
    }
}
