package com.unifiedcommerce.inventory.app;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.unifiedcommerce.contracts.inventory.StockLine;
import com.unifiedcommerce.inventory.domain.ReservationStatus;
import com.unifiedcommerce.inventory.store.Reservations.Reservation;

/** A hold as the API shows it. */
public record ReservationView(
        UUID id,
        String locationId,
        String reference,
        ReservationStatus status,
        List<StockLine> lines,
        Instant expiresAt,
        Instant createdAt,
        Instant updatedAt,
        int attempt) {

    public static ReservationView of(Reservation r) {
        return new ReservationView(
                r.id(),
                r.locationId(),
                r.reference(),
                r.status(),
                r.lines(),
                r.expiresAt(),
                r.createdAt(),
                r.updatedAt(),
                r.attempt());
    }
}
