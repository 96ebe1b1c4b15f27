package com.unifiedcommerce.order.domain;

import java.util.EnumSet;
import java.util.Set;

/**
 * Where an order is in its life. PLACED orders are picked up (after READY_FOR_PICKUP) or shipped
 * and delivered; counter sales are PICKED_UP at once; PLACED and READY_FOR_PICKUP orders can be
 * cancelled; an order whose every unit came back is RETURNED.
 */
public enum OrderStatus {
    PLACED,
    READY_FOR_PICKUP,
    PICKED_UP,
    SHIPPED,
    DELIVERED,
    CANCELLED,
    RETURNED;

    public Set<OrderStatus> next() {
        return switch (this) {
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

    /** The customer has the goods: returns are possible, points were earned. */
    public boolean fulfilled() {
        return this == PICKED_UP || this == DELIVERED;
    }
}
