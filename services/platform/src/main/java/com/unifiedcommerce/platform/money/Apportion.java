package com.unifiedcommerce.platform.money;

/**
 * Splitting whole amounts (minor units, points) without drift. Returns reverse a line's points,
 * refunds and points spent unit by unit; whatever the order and size of partial returns, giving
 * back every unit gives back exactly the whole, because each part is the difference of two
 * cumulative floors. Integer arithmetic only; an overflow fails rather than wraps.
 */
public final class Apportion {

    private Apportion() {}

    /** The share of {@code total} carried by {@code done} of {@code of} units: floor(total x done / of). */
    public static long cumulative(long total, int done, int of) {
        if (total < 0 || of <= 0 || done < 0 || done > of) {
            throw new IllegalArgumentException(
                    "need total >= 0 and 0 <= done <= of, of > 0; got " + total + ", " + done + ", " + of);
        }
        return Math.multiplyExact(total, (long) done) / of;
    }

    /**
     * The part of {@code total} for {@code now} more units, after {@code before} of {@code of}
     * units were already taken: the parts of successive calls always sum to the cumulative share.
     */
    public static long part(long total, int before, int now, int of) {
        if (now < 0 || before < 0 || before + now > of) {
            throw new IllegalArgumentException("cannot take " + now + " more after " + before + " of " + of + " units");
        }
        return cumulative(total, before + now, of) - cumulative(total, before, of);
    }

    /**
     * {@code total} split in proportion to {@code weights}, summing exactly to {@code total}: each
     * share is floored, and the units left over go to the largest remainders (the earlier index on
     * a tie). All weights zero: everything goes to the first.
     */
    public static long[] byWeights(long total, long[] weights) {
        if (total < 0 || weights.length == 0) {
            throw new IllegalArgumentException("need total >= 0 and at least one weight");
        }
        long sum = 0;
        for (long weight : weights) {
            if (weight < 0) {
                throw new IllegalArgumentException("weights must not be negative");
            }
            sum = Math.addExact(sum, weight);
        }
        long[] shares = new long[weights.length];
        if (sum == 0) {
            shares[0] = total;
            return shares;
        }
        long[] remainders = new long[weights.length];
        long given = 0;
        for (int i = 0; i < weights.length; i++) {
            long product = Math.multiplyExact(total, weights[i]);
            shares[i] = product / sum;
            remainders[i] = product % sum;
            given += shares[i];
        }
        for (long left = total - given; left > 0; left--) {
            int largest = 0;
            for (int i = 1; i < remainders.length; i++) {
                if (remainders[i] > remainders[largest]) {
                    largest = i;
                }
            }
            shares[largest]++;
            remainders[largest] = -1;
        }
        return shares;
    }
}
