package com.unifiedcommerce.payment.domain;

/** How a movement's cause names what asked for it, where others need to tell (a return). */
public final class Causes {

    private static final String RETURN = "return-";

    private Causes() {}

    /** The cause of the refunds an accepted return asks for. */
    public static String ofReturn(String returnId) {
        return RETURN + returnId;
    }

    /** The return that caused a movement, or null when something else did. */
    public static String returnOf(String cause) {
        return cause.startsWith(RETURN) ? cause.substring(RETURN.length()) : null;
    }
}
