package com.unifiedcommerce.contracts.inventory;

import java.time.Instant;
import java.util.List;

/** Units held at one location for a caller's reference (an order id) until they expire. */
public record StockReserved(
        String reservationId, String locationId, String reference, List<StockLine> lines, Instant expiresAt) {}
