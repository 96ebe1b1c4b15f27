package com.unifiedcommerce.order.domain;

import java.util.EnumSet;
import java.util.Set;

/**
 * Where an order is in its life. Checkout first records it PENDING (its stock and points being
 * held: a lock every other request respects) and then PLACED, or PICKED_UP for a counter sale; a
 * checkout attempt that fails is COMPENSATING while it gives back what it took, then REJECTED,
 * and a retry with the same Idempotency-Key makes it PENDING again as a new attempt. These three
 * are not orders yet: nobody sees them. PLACED orders are picked up (after READY_FOR_PICKUP) or
 * shipped and delivered; PLACED and READY_FOR_PICKUP orders can be cancelled; an order whose
 * every unit came back is RETURNED.
 */
public enum OrderStatus {
    PENDING,
    COMPENSATING,
    REJECTED,
    PLACED,
    READY_FOR_PICKUP,
    PICKED_UP,
    SHIPPED,
    DELIVERED,
    CANCELLED,
    RETURNED;

    public Set<OrderStatus> next() {
        return switch (this) {
            case PENDING -> EnumSet.of(PLACED, PICKED_UP, COMPENSATING);
            case COMPENSATING -> EnumSet.of(REJECTED);
            case REJECTED -> EnumSet.of(PENDING);
            case PLACED -> EnumSet.of(READY_FOR_PICKUP, SHIPPED, CANCELLED);
            case READY_FOR_PICKUP -> EnumSet.of(PICKED_UP, CANCELLED);
            case SHIPPED -> EnumSet.of(DELIVERED);
            case PICKED_UP, DELIVERED -> EnumSet.of(RETURNED);
            case CANCELLED, RETURNED -> EnumSet.noneOf(OrderStatus.class);
        };
    }

    public boolean canBecome(OrderStatus target) {
        return next().contains(target);
    }

    /** Still being checked out, or a checkout that failed: not an order anyone sees. */
    public boolean checkingOut() {
        return this == PENDING || this == COMPENSATING || this == REJECTED;
    }

    /** The customer has the goods: returns are possible, points were earned. */
    public boolean fulfilled() {
        return this == PICKED_UP || this == DELIVERED;
    }

    /** Stock is held for the order at its location (it must be, whatever happened before). */
    public boolean holdsStock() {
        return this == PLACED || this == READY_FOR_PICKUP;
    }
}
