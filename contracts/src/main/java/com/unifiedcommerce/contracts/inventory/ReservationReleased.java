package com.unifiedcommerce.contracts.inventory;

import java.util.List;

/** Held units went back to available: the hold expired or its order was cancelled. */
public record ReservationReleased(
        String reservationId, String locationId, String reference, Reason reason, List<StockLine> lines) {

    public enum Reason {
        EXPIRED,
        CANCELLED
    }
}
