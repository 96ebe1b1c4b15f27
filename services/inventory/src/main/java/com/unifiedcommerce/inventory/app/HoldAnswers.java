package com.unifiedcommerce.inventory.app;

import java.util.List;
import java.util.Map;

import com.unifiedcommerce.contracts.inventory.StockLine;
import com.unifiedcommerce.inventory.domain.ReservationStatus;
import com.unifiedcommerce.inventory.store.Reservations;
import com.unifiedcommerce.inventory.store.Reservations.Reservation;
import com.unifiedcommerce.platform.idempotency.Idempotency;
import com.unifiedcommerce.platform.problem.ProblemException;

/** What a hold request is answered, decided from what the hold statement found. */
final class HoldAnswers {

    private HoldAnswers() {}

    /** An attempt older than the newest one the reference has seen. */
    static ProblemException superseded(String reference, int newest) {
        return ProblemException.conflict(
                "A later attempt (" + newest + ") holds for " + reference + "; this one was superseded",
                Map.of("superseded", true, "attempt", newest));
    }

    /** The hold, or the refusal that rolls the attempt back. */
    static Reservation held(Reservations.Attempt attempt, HoldRequest request) {
        if (attempt.reservation() != null) {
            return attempt.reservation();
        }
        if (!attempt.locationExists()) {
            throw ProblemException.invalid("locationId", "no such location");
        }
        if (!attempt.unknownSkus().isEmpty()) {
            throw LineRules.unknownSkus(request.lines(), attempt.unknownSkus());
        }
        if (!attempt.changedItems().isEmpty()) {
            throw ProblemException.conflict(
                    "The item master changed for " + String.join(", ", attempt.changedItems())
                            + " since these lines were priced; nothing was held",
                    Map.of("changedItems", attempt.changedItems()));
        }
        throw ProblemException.conflict(
                "Not enough stock at " + request.locationId() + " for every line; nothing was held",
                Map.of("shortLines", attempt.shortLines()));
    }

    /** A hold that gave its units back: its reference may hold again (a checkout retried after a refusal). */
    static boolean ended(Reservation reservation) {
        return reservation.status() == ReservationStatus.RELEASED || reservation.status() == ReservationStatus.EXPIRED;
    }

    /** The reference's live hold answers a repeat of the same lines; anything else is a conflict. */
    static Idempotency.Outcome retry(Reservation existing, String locationId, List<StockLine> lines) {
        if (existing.status() == ReservationStatus.FULFILLED) {
            throw ProblemException.conflict(
                    "The reference " + existing.reference() + " was fulfilled; its units have left the store",
                    Map.of("reservationId", existing.id(), "status", existing.status()));
        }
        if (!existing.locationId().equals(locationId) || !existing.lines().equals(lines)) {
            throw ProblemException.conflict(
                    "The reference " + existing.reference() + " already holds other lines",
                    Map.of("reservationId", existing.id()));
        }
        return new Idempotency.Outcome(200, ReservationView.of(existing));
    }
}
