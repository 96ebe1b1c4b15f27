package com.unifiedcommerce.inventory.domain;

/**
 * The life of a hold. HELD waits for its order and expires at its deadline; COMMITTED belongs
 * to a placed order and does not expire; FULFILLED, RELEASED and EXPIRED are final. The
 * statements in {@code Reservations} and {@code Movements} move a hold only along these lines.
 */
public enum ReservationStatus {
    HELD,
    COMMITTED,
    FULFILLED,
    RELEASED,
    EXPIRED;

    /** Whether the hold's units still count as reserved. */
    public boolean holdsStock() {
        return this == HELD || this == COMMITTED;
    }
}
