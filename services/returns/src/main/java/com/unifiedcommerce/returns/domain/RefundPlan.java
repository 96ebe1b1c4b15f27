package com.unifiedcommerce.returns.domain;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import com.unifiedcommerce.contracts.common.TenderType;
import com.unifiedcommerce.platform.money.Apportion;

/**
 * What a return gives back. Per line: its share of the money paid and of the points spent, for
 * these units after those already returned, as differences of cumulative floors, so returning
 * every unit in any number of returns gives back exactly what was paid. The money then goes back
 * to the original tenders in a stated order (gift cards first, then cards, then cash; in the
 * order's own order within a type), as a waterfall over everything refunded on the order so far:
 * every tender gets back at most what it paid, and in total exactly that.
 */
public final class RefundPlan {

    /** A line of the order: units bought, money paid and points spent on it (whole line). */
    public record Line(String lineId, int quantity, long paid, long points) {}

    /** A tender of the order as paid. */
    public record Tender(TenderType type, long amount, String reference) {}

    public record LineShare(String lineId, int units, long money, long points) {}

    public record TenderRefund(TenderType type, long amount, String reference) {}

    public record Plan(List<LineShare> lines, List<TenderRefund> tenders, long money, long points) {}

    /** Store value first (an exchange's return credit, gift cards), then cards, then cash. */
    private static final List<TenderType> ORDER =
            List.of(TenderType.RETURN_CREDIT, TenderType.GIFT_CARD, TenderType.CARD, TenderType.CASH);

    private RefundPlan() {}

    /** The share of one line for {@code units} more units after {@code returnedBefore}. */
    public static LineShare share(Line line, int returnedBefore, int units) {
        return new LineShare(
                line.lineId(),
                units,
                Apportion.part(line.paid(), returnedBefore, units, line.quantity()),
                Apportion.part(line.points(), returnedBefore, units, line.quantity()));
    }

    /**
     * The plan for these line shares, given the money already refunded on the order by earlier
     * returns ({@code refundedBefore}).
     */
    public static Plan plan(List<LineShare> shares, List<Tender> tenders, long refundedBefore) {
        long money = shares.stream().mapToLong(LineShare::money).sum();
        long points = shares.stream().mapToLong(LineShare::points).sum();
        List<Tender> ordered = new ArrayList<>(tenders);
        ordered.sort(Comparator.comparingInt(t -> ORDER.indexOf(t.type())));
        List<TenderRefund> refunds = new ArrayList<>();
        long from = refundedBefore;
        long to = Math.addExact(refundedBefore, money);
        long start = 0;
        for (Tender tender : ordered) {
            long end = start + tender.amount();
            long overlap = Math.max(0, Math.min(to, end) - Math.max(from, start));
            if (overlap > 0) {
                refunds.add(new TenderRefund(tender.type(), overlap, tender.reference()));
            }
            start = end;
        }
        long covered = refunds.stream().mapToLong(TenderRefund::amount).sum();
        if (covered != money) {
            throw new IllegalStateException(
                    "the tenders paid " + start + " but " + to + " would have been refunded in total");
        }
        return new Plan(shares, refunds, money, points);
    }

    /**
     * The refunds left when {@code credit} of them pays for an exchange: taken in the refunds' own
     * order (store value first), so what the customer still gets back goes to cards and cash.
     */
    public static List<TenderRefund> afterCredit(List<TenderRefund> refunds, long credit) {
        long total = refunds.stream().mapToLong(TenderRefund::amount).sum();
        if (credit < 0 || credit > total) {
            throw new IllegalArgumentException("a credit of " + credit + " is not within the refund of " + total);
        }
        List<TenderRefund> left = new ArrayList<>();
        long toTake = credit;
        for (TenderRefund refund : refunds) {
            long taken = Math.min(toTake, refund.amount());
            toTake -= taken;
            if (refund.amount() > taken) {
                left.add(new TenderRefund(refund.type(), refund.amount() - taken, refund.reference()));
            }
        }
        return left;
    }
}
