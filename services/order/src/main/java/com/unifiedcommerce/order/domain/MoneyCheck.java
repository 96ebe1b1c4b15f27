package com.unifiedcommerce.order.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.unifiedcommerce.contracts.common.TenderType;

/**
 * The order ledger's money against the payment service's and the returns': per order, what was
 * taken from the card and gift cards is what the ledger says was paid with them once the goods
 * were handed over (nothing before, nothing for a cancelled order), and what went back to them is
 * what the returns had refunded and the provider confirmed. Plain rules, no I/O.
 */
public final class MoneyCheck {

    /** What the payment service moved for an order. */
    public record Moved(long cardCaptured, long cardRefunded, long giftRedeemed, long giftRefunded) {
        public static final Moved NOTHING = new Moved(0, 0, 0, 0);
    }

    /** What the returns of an order refunded to the card and gift cards, confirmed. */
    public record Refunded(long card, long giftCards) {
        public static final Refunded NOTHING = new Refunded(0, 0);
    }

    private static final Set<OrderStatus> HANDED_OVER =
            Set.of(OrderStatus.PICKED_UP, OrderStatus.SHIPPED, OrderStatus.DELIVERED, OrderStatus.RETURNED);

    private MoneyCheck() {}

    /** What was taken that the ledger does not account for, per order; empty when all agree. */
    public static List<String> taken(List<Order> orders, Map<String, Moved> moved) {
        List<String> off = new ArrayList<>();
        for (Order order : orders) {
            Moved money = moved.getOrDefault(order.id(), Moved.NOTHING);
            boolean handedOver = HANDED_OVER.contains(order.status());
            long card = handedOver ? paidWith(order, TenderType.CARD) : 0;
            long gift = handedOver ? paidWith(order, TenderType.GIFT_CARD) : 0;
            if (money.cardCaptured() != card || money.giftRedeemed() != gift) {
                off.add(order.id() + " (" + order.status() + "): card captured " + money.cardCaptured() + " of " + card
                        + ", gift cards redeemed " + money.giftRedeemed() + " of " + gift);
            }
        }
        return off;
    }

    /** Refunds the payment service made and the returns do not confirm, or the reverse, per order. */
    public static List<String> givenBack(Map<String, Moved> moved, Map<String, Refunded> refunded) {
        List<String> off = new ArrayList<>();
        java.util.TreeSet<String> ids = new java.util.TreeSet<>(moved.keySet());
        ids.addAll(refunded.keySet());
        for (String id : ids) {
            Moved money = moved.getOrDefault(id, Moved.NOTHING);
            Refunded returns = refunded.getOrDefault(id, Refunded.NOTHING);
            if (money.cardRefunded() != returns.card() || money.giftRefunded() != returns.giftCards()) {
                off.add(id + ": refunded to the card " + money.cardRefunded() + " (returns: " + returns.card()
                        + "), to gift cards " + money.giftRefunded() + " (returns: " + returns.giftCards() + ")");
            }
        }
        return off;
    }

    private static long paidWith(Order order, TenderType type) {
        return order.tenders().stream()
                .filter(t -> t.type() == type)
                .mapToLong(Order.Payment::amount)
                .sum();
    }
}
