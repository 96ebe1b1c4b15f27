package com.unifiedcommerce.payment.domain;

/**
 * How one step moves a card payment's amounts (as deltas) and, for a void, its status: what the
 * guarded statement applies under the payment's lock.
 */
public record Movement(long captured, long capturing, long refunded, long refunding, CardPayment.Status status) {

    public static final Movement NONE = new Movement(0, 0, 0, 0, null);
    public static final Movement VOIDED = new Movement(0, 0, 0, 0, CardPayment.Status.VOIDED);

    /** A capture asked of the provider: it counts against what is left until answered. */
    public static Movement capturing(long amount) {
        return new Movement(0, amount, 0, 0, null);
    }

    public static Movement captured(long amount) {
        return new Movement(amount, -amount, 0, 0, null);
    }

    public static Movement captureRefused(long amount) {
        return new Movement(0, -amount, 0, 0, null);
    }

    /** A refund asked of the provider: it counts against what may be refunded until it settles. */
    public static Movement refunding(long amount) {
        return new Movement(0, 0, 0, amount, null);
    }

    public static Movement refunded(long amount) {
        return new Movement(0, 0, amount, -amount, null);
    }

    /** A refund refused at once, or failed when it settled: given back to what may be refunded. */
    public static Movement refundGivenBack(long amount) {
        return new Movement(0, 0, 0, -amount, null);
    }
}
