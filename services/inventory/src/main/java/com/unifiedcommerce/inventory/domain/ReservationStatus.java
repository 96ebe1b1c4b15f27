package com.unifiedcommerce.inventory.domain;

import java.util.Set;

/**
 * The life of a hold. HELD waits for its order and expires at its deadline; COMMITTED belongs
 * to a placed order and does not expire; FULFILLED, RELEASED and EXPIRED are final.
 */
public enum ReservationStatus {
    HELD,
    COMMITTED,
    FULFILLED,
    RELEASED,
    EXPIRED;

    /** Whether a hold in this state may move to {@code next}. */
    public boolean mayBecome(ReservationStatus next) {
        return switch (this) {
            case HELD -> Set.of(COMMITTED, RELEASED, EXPIRED).contains(next);
            case COMMITTED -> Set.of(FULFILLED, RELEASED).contains(next);
            case FULFILLED, RELEASED, EXPIRED -> false;
        };
    }

    /** Whether the hold's units still count as reserved. */
    public boolean holdsStock() {
        return this == HELD || this == COMMITTED;
    }
}
