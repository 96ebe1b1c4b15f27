package com.unifiedcommerce.returns.domain;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.unifiedcommerce.contracts.common.TenderType;
import com.unifiedcommerce.contracts.returns.Refund;

/**
 * Money of a return that goes back through the payment service (to a card, to a gift card, on a
 * new gift card as store credit): it counts as refunded only once the payment service confirmed
 * it. {@code reference} is the store credit's gift card code, once issued (whoever may read the
 * return may read it: the customer, the receiving store, the back office). Cash is paid out at the counter and
 * return credit is spent on the exchange, so neither needs settling.
 */
public record RefundSettlement(TenderType tender, long amount, Status status, String failure, String reference) {

    public enum Status {
        /** Asked of the payment service, no answer from the provider yet. */
        PENDING,
        REFUNDED,
        /** The provider failed the refund: a person has to pay it back another way. */
        FAILED
    }

    /** Whether a refund to this tender is carried out by the payment service. */
    public static boolean throughProvider(TenderType tender) {
        return tender == TenderType.CARD || tender == TenderType.GIFT_CARD || tender == TenderType.STORE_CREDIT;
    }

    /** What a return's refunds leave to settle, one per tender (an order pays with one card, but a sum is safe). */
    public static List<RefundSettlement> owed(List<Refund> refunds) {
        Map<TenderType, Long> byTender = new LinkedHashMap<>();
        refunds.stream()
                .filter(refund ->
                        throughProvider(refund.tender()) && refund.amount().amount() > 0)
                .forEach(refund ->
                        byTender.merge(refund.tender(), refund.amount().amount(), Math::addExact));
        return byTender.entrySet().stream()
                .map(e -> new RefundSettlement(e.getKey(), e.getValue(), Status.PENDING, null, null))
                .toList();
    }

    /**
     * The return's money as a whole: FAILED when a settlement failed, PENDING while one is still
     * open, REFUNDED when all are (or none was needed).
     */
    public static Status overall(List<RefundSettlement> settlements) {
        if (settlements.stream().anyMatch(s -> s.status() == Status.FAILED)) {
            return Status.FAILED;
        }
        if (settlements.stream().anyMatch(s -> s.status() == Status.PENDING)) {
            return Status.PENDING;
        }
        return Status.REFUNDED;
    }
}
