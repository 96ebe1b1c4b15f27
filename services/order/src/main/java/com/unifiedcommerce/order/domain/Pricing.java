package com.unifiedcommerce.order.domain;

import java.util.ArrayList;
import java.util.List;

import com.unifiedcommerce.platform.money.Apportion;

/**
 * What an order costs and how it is paid: lines priced from the item master, the points to
 * redeem turned into money at the programme's rate and spread over the lines in whole points
 * (no line ever paid below zero), and the tenders covering the rest exactly. Integers only.
 */
public final class Pricing {

    /** A line as the item master prices it. */
    public record PricedLine(
            String lineId,
            String sku,
            String name,
            int quantity,
            long unitPrice,
            boolean returnable,
            Integer returnDays) {
        public long total() {
            return Math.multiplyExact(unitPrice, (long) quantity);
        }
    }

    /** A line with its share of the points and what is left to pay in money. */
    public record Allocated(PricedLine line, long points, long paid) {}

    /** A broken rule, with the request field it concerns. */
    public static final class Refused extends RuntimeException {
        private final String field;

        Refused(String field, String reason) {
            super(reason);
            this.field = field;
        }

        public String field() {
            return field;
        }
    }

    private Pricing() {}

    /**
     * Spreads {@code points} over the lines in proportion to their totals, each line taking at
     * most the points its total can absorb (floor(total / minorPerPoint)); refused when the basket
     * cannot absorb that many points.
     */
    public static List<Allocated> allocate(List<PricedLine> lines, long points, long minorPerPoint) {
        if (points < 0) {
            throw new Refused("pointsToRedeem", "must not be negative");
        }
        long[] capacity = new long[lines.size()];
        long[] weights = new long[lines.size()];
        long room = 0;
        for (int i = 0; i < lines.size(); i++) {
            weights[i] = lines.get(i).total();
            capacity[i] = weights[i] / minorPerPoint;
            room = Math.addExact(room, capacity[i]);
        }
        if (points > room) {
            throw new Refused("pointsToRedeem", "at most " + room + " points can be spent on this basket");
        }
        long[] shares = points == 0 ? new long[lines.size()] : Apportion.byWeights(points, weights);
        // A rounded-up share may exceed what its line can absorb; move the excess to lines with room.
        long excess = 0;
        for (int i = 0; i < shares.length; i++) {
            if (shares[i] > capacity[i]) {
                excess += shares[i] - capacity[i];
                shares[i] = capacity[i];
            }
        }
        for (int i = 0; i < shares.length && excess > 0; i++) {
            long take = Math.min(excess, capacity[i] - shares[i]);
            shares[i] += take;
            excess -= take;
        }
        List<Allocated> allocated = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            PricedLine line = lines.get(i);
            allocated.add(new Allocated(line, shares[i], line.total() - shares[i] * minorPerPoint));
        }
        return allocated;
    }

    /** Checks that the tenders cover exactly what is left to pay in money. */
    public static void coverExactly(long due, List<Long> tenderAmounts) {
        long paid = 0;
        for (long amount : tenderAmounts) {
            paid = Math.addExact(paid, amount);
        }
        if (paid != due) {
            throw new Refused("tenders", "must add up to " + due + " (the total less the points), not " + paid);
        }
    }
}
