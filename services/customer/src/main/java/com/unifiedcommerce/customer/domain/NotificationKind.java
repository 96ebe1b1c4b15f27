package com.unifiedcommerce.customer.domain;

/**
 * The messages the brand sends a customer about their orders and returns. Each is caused by one
 * event (the reminder by the ready-for-pickup event, later) and sent at most once per cause.
 */
public enum NotificationKind {
    /** The order waits at the store: where, until when, and the pickup code. */
    READY_FOR_PICKUP,
    /** Some hours before the no-show deadline, while the order still waits. */
    PICKUP_REMINDER,
    /** Not collected in time: cancelled, points and payment given back. */
    NO_SHOW,
    /** Left the warehouse or store, with carrier and tracking. */
    SHIPPED,
    /** A return was accepted: the refund per tender and the points given and taken back. */
    RETURN_ACCEPTED,
    /** Points will expire within the loyalty programme's warning window unless spent. */
    POINTS_EXPIRING;

    /** The Qute template of this message in {@code language}: {@code notifications/<kind>.<language>}. */
    public String template(String language) {
        return "notifications/" + name().toLowerCase(java.util.Locale.ROOT) + "." + language;
    }
}
