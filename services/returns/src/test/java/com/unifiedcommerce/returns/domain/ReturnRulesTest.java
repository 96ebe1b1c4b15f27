package com.unifiedcommerce.returns.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;

import com.unifiedcommerce.contracts.common.TenderType;
import org.junit.jupiter.api.Test;

/** The return policy and the refund arithmetic, with nothing started. */
class ReturnRulesTest {

    private static final ReturnPolicy POLICY = new ReturnPolicy(30);
    private static final Instant PICKED_UP = Instant.parse("2026-11-01T10:00:00Z");

    private static ReturnPolicy.LineFacts line(boolean returnable, Integer days, int quantity, int returned) {
        return new ReturnPolicy.LineFacts(true, returnable, days, quantity, returned);
    }

    @Test
    void thePolicyNamesTheRuleThatRefuses() {
        Instant inWindow = PICKED_UP.plusSeconds(29 * 86_400);
        Instant late = PICKED_UP.plusSeconds(31 * 86_400);
        assertEquals(Optional.empty(), POLICY.refusal(PICKED_UP, inWindow, line(true, null, 2, 0), 2));
        assertEquals(Optional.of(ReturnRule.WINDOW_CLOSED), POLICY.refusal(PICKED_UP, late, line(true, null, 2, 0), 1));
        // The item master's own window wins over the policy's.
        assertEquals(Optional.empty(), POLICY.refusal(PICKED_UP, late, line(true, 60, 2, 0), 1));
        assertEquals(
                Optional.of(ReturnRule.WINDOW_CLOSED),
                POLICY.refusal(PICKED_UP, PICKED_UP.plusSeconds(8 * 86_400), line(true, 7, 2, 0), 1));
        assertEquals(
                Optional.of(ReturnRule.FINAL_SALE), POLICY.refusal(PICKED_UP, inWindow, line(false, null, 2, 0), 1));
        assertEquals(Optional.of(ReturnRule.NOT_FULFILLED), POLICY.refusal(null, inWindow, line(true, null, 2, 0), 1));
        assertEquals(
                Optional.of(ReturnRule.TOO_MANY_UNITS), POLICY.refusal(PICKED_UP, inWindow, line(true, null, 2, 1), 2));
        assertEquals(
                Optional.of(ReturnRule.TOO_MANY_UNITS), POLICY.refusal(PICKED_UP, inWindow, line(true, null, 2, 0), 0));
        assertEquals(
                Optional.of(ReturnRule.UNKNOWN_LINE),
                POLICY.refusal(PICKED_UP, inWindow, new ReturnPolicy.LineFacts(false, true, null, 0, 0), 1));
        assertThrows(IllegalArgumentException.class, () -> new ReturnPolicy(-1));
    }

    @Test
    void moneyGoesBackToGiftCardsFirstThenCardsThenCashNeverMoreThanEachPaid() {
        List<RefundPlan.Tender> tenders = List.of(
                new RefundPlan.Tender(TenderType.CARD, 3_000, "card"),
                new RefundPlan.Tender(TenderType.GIFT_CARD, 1_000, "gift"),
                new RefundPlan.Tender(TenderType.CASH, 500, "cash"));
        RefundPlan.LineShare share = new RefundPlan.LineShare("l1", 1, 1_500, 0);
        RefundPlan.Plan first = RefundPlan.plan(List.of(share), tenders, 0);
        assertEquals(
                List.of(
                        new RefundPlan.TenderRefund(TenderType.GIFT_CARD, 1_000, "gift"),
                        new RefundPlan.TenderRefund(TenderType.CARD, 500, "card")),
                first.tenders());
        RefundPlan.Plan second = RefundPlan.plan(List.of(new RefundPlan.LineShare("l2", 1, 3_000, 0)), tenders, 1_500);
        assertEquals(
                List.of(
                        new RefundPlan.TenderRefund(TenderType.CARD, 2_500, "card"),
                        new RefundPlan.TenderRefund(TenderType.CASH, 500, "cash")),
                second.tenders());
        assertThrows(
                IllegalStateException.class,
                () -> RefundPlan.plan(List.of(new RefundPlan.LineShare("l3", 1, 1, 0)), tenders, 4_500));
    }

    @Test
    void anExchangeSpendsStoreValueFirstAndLeavesTheRestToCardsAndCash() {
        List<RefundPlan.TenderRefund> refunds = List.of(
                new RefundPlan.TenderRefund(TenderType.GIFT_CARD, 1_000, "gift"),
                new RefundPlan.TenderRefund(TenderType.CARD, 3_000, "card"),
                new RefundPlan.TenderRefund(TenderType.CASH, 500, "cash"));

        assertEquals(
                List.of(
                        new RefundPlan.TenderRefund(TenderType.CARD, 2_500, "card"),
                        new RefundPlan.TenderRefund(TenderType.CASH, 500, "cash")),
                RefundPlan.afterCredit(refunds, 1_500));
        assertEquals(refunds, RefundPlan.afterCredit(refunds, 0));
        assertEquals(List.of(), RefundPlan.afterCredit(refunds, 4_500));
        assertThrows(IllegalArgumentException.class, () -> RefundPlan.afterCredit(refunds, 4_501));
    }

    @Test
    void partialReturnsInAnyOrderGiveBackExactlyWhatWasPaidAndSpent() {
        Random random = new Random(7);
        for (int round = 0; round < 200; round++) {
            List<RefundPlan.Line> lines = new ArrayList<>();
            long paid = 0;
            long points = 0;
            for (int l = 0; l < 1 + random.nextInt(4); l++) {
                RefundPlan.Line line = new RefundPlan.Line(
                        "l" + l, 1 + random.nextInt(7), random.nextInt(50_000), random.nextInt(900));
                lines.add(line);
                paid += line.paid();
                points += line.points();
            }
            long card = paid / 3;
            List<RefundPlan.Tender> tenders = List.of(
                    new RefundPlan.Tender(TenderType.CARD, card, "card"),
                    new RefundPlan.Tender(TenderType.GIFT_CARD, paid - card, "gift"));
            // Every unit of every line, one at a time, in a shuffled order.
            List<Integer> units = new ArrayList<>();
            for (int i = 0; i < lines.size(); i++) {
                for (int u = 0; u < lines.get(i).quantity(); u++) {
                    units.add(i);
                }
            }
            Collections.shuffle(units, random);
            int[] returned = new int[lines.size()];
            long refunded = 0;
            long pointsBack = 0;
            long[] perTender = new long[2];
            for (int index : units) {
                RefundPlan.LineShare share = RefundPlan.share(lines.get(index), returned[index], 1);
                returned[index]++;
                RefundPlan.Plan plan = RefundPlan.plan(List.of(share), tenders, refunded);
                refunded += plan.money();
                pointsBack += plan.points();
                for (RefundPlan.TenderRefund refund : plan.tenders()) {
                    perTender[refund.type() == TenderType.CARD ? 0 : 1] += refund.amount();
                }
            }
            assertEquals(paid, refunded);
            assertEquals(points, pointsBack);
            assertEquals(card, perTender[0]);
            assertEquals(paid - card, perTender[1]);
        }
    }
}
