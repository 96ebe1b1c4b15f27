package com.unifiedcommerce.payment.messaging;

import java.util.List;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.unifiedcommerce.contracts.EventType;
import com.unifiedcommerce.contracts.common.TenderType;
import com.unifiedcommerce.contracts.returns.Refund;
import com.unifiedcommerce.contracts.returns.ReturnAccepted;
import com.unifiedcommerce.payment.app.CardPaymentFlow;
import com.unifiedcommerce.payment.app.GiftCardLedger;
import com.unifiedcommerce.payment.domain.CardPayment;
import com.unifiedcommerce.payment.domain.Causes;
import com.unifiedcommerce.platform.messaging.IncomingEvent;
import com.unifiedcommerce.platform.messaging.PermanentFailure;
import com.unifiedcommerce.platform.messaging.Retrying;
import com.unifiedcommerce.platform.problem.ProblemException;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * A return accepted anywhere puts its card part back on the card it came from: the returns
 * service's refund plan says how much ({@code refunds} of tender CARD); the refund's cause is the
 * return, so a redelivered event refunds once. A return always follows a hand-over, but the two
 * come on different topics: when the capture of that hand-over has not been recorded yet, the
 * refund waits for it (retried with back-off); a refund the payment can never take (more than was
 * captured, once all of it was) is a dead letter.
 */
@ApplicationScoped
public class ReturnsIntoPayments {

    static final String CONSUMER = "payment-returns";

    @Inject
    CardPaymentFlow flow;

    @Inject
    GiftCardLedger ledger;

    @Inject
    Retrying retrying;

    @Inject
    ObjectMapper json;

    @Incoming("returns")
    public Uni<Void> onReturn(ConsumerRecord<String, byte[]> record) {
        IncomingEvent event = IncomingEvent.from(record);
        if (EventType.ofType(event.type())
                .filter(type -> type == EventType.RETURN_ACCEPTED)
                .isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return retrying.handle(CONSUMER, event, () -> {
            ReturnAccepted accepted = event.payload(json, ReturnAccepted.class);
            return storeCredit(accepted).chain(() -> refundGiftCards(accepted)).chain(() -> refund(accepted));
        });
    }

    /** Money the customer took as store credit goes on a new gift card, once per return. */
    private Uni<?> storeCredit(ReturnAccepted accepted) {
        List<Refund> credit = accepted.refunds().stream()
                .filter(refund -> refund.tender() == TenderType.STORE_CREDIT)
                .toList();
        if (credit.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        long amount =
                credit.stream().mapToLong(refund -> refund.amount().amount()).sum();
        return ledger.storeCredit(
                accepted.returnId(),
                accepted.orderId(),
                amount,
                credit.getFirst().amount().currency());
    }

    /**
     * The gift card part goes back on each card it came from (the refund's reference is the card's
     * code), once per return and card. Before the hand-over's redemption is recorded the refund
     * waits for it; a refund the card's redemption cannot take is a dead letter.
     */
    private Uni<?> refundGiftCards(ReturnAccepted accepted) {
        List<Refund> giftCards = accepted.refunds().stream()
                .filter(refund -> refund.tender() == TenderType.GIFT_CARD)
                .toList();
        return Multi.createFrom()
                .iterable(giftCards)
                .onItem()
                .transformToUniAndConcatenate(refund -> ledger.refund(
                                accepted.orderId(),
                                refund.reference(),
                                refund.amount().amount(),
                                Causes.ofReturn(accepted.returnId()),
                                "return-" + accepted.returnId())
                        .onFailure(failure ->
                                failure instanceof ProblemException && !(failure instanceof GiftCardLedger.NotRedeemed))
                        .transform(failure -> new PermanentFailure(failure.getMessage(), failure)))
                .collect()
                .last();
    }

    private Uni<?> refund(ReturnAccepted accepted) {
        long card = accepted.refunds().stream()
                .filter(refund -> refund.tender() == TenderType.CARD)
                .mapToLong(refund -> refund.amount().amount())
                .sum();
        if (card == 0) {
            return Uni.createFrom().voidItem();
        }
        String currency = accepted.refunds().stream()
                .filter(refund -> refund.tender() == TenderType.CARD)
                .map(Refund::amount)
                .findFirst()
                .orElseThrow()
                .currency();
        return flow.byOrder(accepted.orderId()).chain(found -> {
            if (found.isEmpty()) {
                // Paid by a card the payment service never saw (an order placed before it existed).
                return Uni.createFrom().voidItem();
            }
            CardPayment payment = found.get();
            if (!payment.currency().equals(currency)) {
                return Uni.createFrom()
                        .failure(new PermanentFailure("return " + accepted.returnId() + " refunds " + currency
                                + " on a payment in " + payment.currency()));
            }
            return flow.refund(accepted.orderId(), card, Causes.ofReturn(accepted.returnId()))
                    .onFailure(ProblemException.class)
                    .transform(failure -> waitOrGiveUp(payment, card, failure));
        });
    }

    /** Not yet captured: wait for the hand-over's capture. Captured and still too much: a dead letter. */
    private static Throwable waitOrGiveUp(CardPayment payment, long amount, Throwable failure) {
        // Not all captured yet (not asked, or asked and not answered: a capture in flight does not
        // count as refundable): the hand-over's capture is still to land.
        boolean captureStillComing =
                payment.status() == CardPayment.Status.AUTHORISED && payment.captured() < payment.amount();
        ProblemException problem = (ProblemException) failure;
        boolean refusedByRules = problem.type().status() == 409;
        return refusedByRules && !captureStillComing ? new PermanentFailure(problem.getMessage(), problem) : failure;
    }
}
