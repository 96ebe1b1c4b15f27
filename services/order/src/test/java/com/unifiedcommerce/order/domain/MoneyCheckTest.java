package com.unifiedcommerce.order.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import com.unifiedcommerce.contracts.common.Channel;
import com.unifiedcommerce.contracts.common.Fulfilment;
import com.unifiedcommerce.contracts.common.TenderType;
import org.junit.jupiter.api.Test;

/** The per-order money reconciliation's rules, as plain units. */
class MoneyCheckTest {

    private static Order order(String id, OrderStatus status, Order.Payment... tenders) {
        long total = java.util.Arrays.stream(tenders)
                .mapToLong(Order.Payment::amount)
                .sum();
        return new Order(
                id,
                "cus-1",
                Channel.WEB,
                Fulfilment.PICKUP,
                "store-001",
                status,
                "EUR",
                total,
                0,
                0,
                List.of(),
                List.of(tenders),
                null,
                null,
                null,
                null,
                48,
                null,
                null,
                0,
                false,
                null,
                null);
    }

    private static final Order.Payment CARD = new Order.Payment(TenderType.CARD, 4_198, "tok_4242424242424242");
    private static final Order.Payment GIFT = new Order.Payment(TenderType.GIFT_CARD, 1_000, "1234567890123456");

    @Test
    void aHandedOverOrderHadExactlyItsCardAndGiftCardAmountsTaken() {
        List<Order> orders = List.of(
                order("o-1", OrderStatus.PICKED_UP, GIFT, CARD),
                order("o-2", OrderStatus.RETURNED, CARD),
                order("o-3", OrderStatus.READY_FOR_PICKUP, CARD),
                order("o-4", OrderStatus.CANCELLED, GIFT));
        Map<String, MoneyCheck.Moved> moved = Map.of(
                "o-1", new MoneyCheck.Moved(4_198, 0, 1_000, 0),
                "o-2", new MoneyCheck.Moved(4_198, 4_198, 0, 0));
        assertEquals(List.of(), MoneyCheck.taken(orders, moved));
    }

    @Test
    void aCaptureMissingTakenTwiceOrTakenFromACancelledOrderIsFound() {
        List<Order> orders = List.of(
                order("o-1", OrderStatus.PICKED_UP, GIFT, CARD),
                order("o-2", OrderStatus.SHIPPED, CARD),
                order("o-3", OrderStatus.CANCELLED, CARD));
        Map<String, MoneyCheck.Moved> moved = Map.of(
                "o-1", new MoneyCheck.Moved(4_198, 0, 0, 0),
                "o-2", new MoneyCheck.Moved(8_396, 0, 0, 0),
                "o-3", new MoneyCheck.Moved(100, 0, 0, 0));
        List<String> off = MoneyCheck.taken(orders, moved);
        assertEquals(3, off.size(), off.toString());
        assertTrue(off.get(0).startsWith("o-1 (PICKED_UP): card captured 4198 of 4198, gift cards redeemed 0 of 1000"));
        assertTrue(off.get(1).startsWith("o-2"));
        assertTrue(off.get(2).startsWith("o-3 (CANCELLED): card captured 100 of 0"));
    }

    @Test
    void refundsAgreeWithTheConfirmedReturnsBothWays() {
        Map<String, MoneyCheck.Moved> moved = Map.of(
                "o-1", new MoneyCheck.Moved(4_198, 1_599, 1_000, 1_000),
                "o-2", new MoneyCheck.Moved(4_198, 500, 0, 0),
                "o-3", new MoneyCheck.Moved(4_198, 0, 0, 0));
        Map<String, MoneyCheck.Refunded> refunded = Map.of(
                "o-1", new MoneyCheck.Refunded(1_599, 1_000),
                "o-3", new MoneyCheck.Refunded(0, 300),
                "o-4", new MoneyCheck.Refunded(200, 0));
        List<String> off = MoneyCheck.givenBack(moved, refunded);
        assertEquals(
                List.of(
                        "o-2: refunded to the card 500 (returns: 0), to gift cards 0 (returns: 0)",
                        "o-3: refunded to the card 0 (returns: 0), to gift cards 0 (returns: 300)",
                        "o-4: refunded to the card 0 (returns: 200), to gift cards 0 (returns: 0)"),
                off);
    }
}
