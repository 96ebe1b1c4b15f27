package com.unifiedcommerce.inventory.api;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;

import com.unifiedcommerce.contracts.inventory.ReservationReleased;
import com.unifiedcommerce.contracts.inventory.StockLine;
import com.unifiedcommerce.contracts.inventory.StockReserved;
import com.unifiedcommerce.inventory.domain.HoldRequestRules;
import com.unifiedcommerce.inventory.domain.ReservationStatus;
import com.unifiedcommerce.inventory.store.Reservations;
import com.unifiedcommerce.inventory.store.Reservations.Reservation;
import com.unifiedcommerce.platform.idempotency.Idempotency;
import com.unifiedcommerce.platform.outbox.Outbox;
import com.unifiedcommerce.platform.problem.ProblemException;
import com.unifiedcommerce.platform.security.Access;
import com.unifiedcommerce.platform.security.Caller;
import com.unifiedcommerce.platform.security.CurrentCaller;
import io.smallrye.mutiny.Uni;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Holds of stock at one location for a caller's reference (an order id): all lines or none,
 * until a deadline. Taken by the order service at checkout and by store staff at their store;
 * a customer checks out through the order service, never holds stock directly.
 */
@Path("/api/reservations")
@RolesAllowed({Caller.ASSOCIATE, Caller.MANAGER, Caller.ADMIN, Caller.SERVICE})
public class ReservationResource {

    public record LineInput(
            @NotNull @Pattern(regexp = Patterns.SKU, message = Patterns.SKU_MESSAGE)
            String sku,

            @NotNull @Min(1) @Max(HoldRequestRules.MAX_QUANTITY)
            Integer quantity) {}

    public record HoldRequest(
            @NotNull @Pattern(regexp = Patterns.LOCATION, message = Patterns.LOCATION_MESSAGE)
            String locationId,

            @NotBlank @Size(max = 100) @Pattern(regexp = "^[\\x21-\\x7E]+$", message = "must be visible ASCII")
            String reference,

            @Min(HoldRequestRules.MIN_TTL_SECONDS) @Max(HoldRequestRules.MAX_TTL_SECONDS)
            Integer ttlSeconds,

            @NotEmpty @Size(max = HoldRequestRules.MAX_LINES)
            List<@Valid @NotNull LineInput> lines) {}

    public record ReservationView(
            UUID id,
            String locationId,
            String reference,
            ReservationStatus status,
            List<StockLine> lines,
            Instant expiresAt,
            Instant createdAt,
            Instant updatedAt) {

        static ReservationView of(Reservation r) {
            return new ReservationView(
                    r.id(),
                    r.locationId(),
                    r.reference(),
                    r.status(),
                    r.lines(),
                    r.expiresAt(),
                    r.createdAt(),
                    r.updatedAt());
        }
    }

    @Inject
    Mutiny.SessionFactory sessions;

    @Inject
    Reservations reservations;

    @Inject
    Outbox outbox;

    @Inject
    Idempotency idempotency;

    @Inject
    CurrentCaller caller;

    /**
     * 201 with the hold; 200 with the same hold when its reference was already held with the
     * same lines (a retry); 409 listing each short line with what is available.
     */
    @POST
    public Uni<Response> hold(@HeaderParam(Idempotency.HEADER) String key, @Valid @NotNull HoldRequest request) {
        Caller who = caller.get();
        Access.require(Access.atStore(who, request.locationId()), "Location " + request.locationId());
        List<StockLine> lines = LineRules.sorted(request.lines());
        int ttl = request.ttlSeconds() == null ? HoldRequestRules.DEFAULT_TTL_SECONDS : request.ttlSeconds();
        String scope = who.subject() + " POST /api/reservations";
        return idempotency
                .run(
                        key,
                        scope,
                        request,
                        session -> reservations
                                .byReference(session, request.reference())
                                .chain(existing -> existing.isPresent()
                                        ? Uni.createFrom().item(retry(existing.get(), request.locationId(), lines))
                                        : take(session, who, request, lines, ttl)))
                .onFailure(Reservations::isDuplicateReference)
                .recoverWithUni(() -> sessions.withSession(session -> reservations
                        .byReference(session, request.reference())
                        .map(existing -> {
                            Idempotency.Outcome outcome = retry(existing.orElseThrow(), request.locationId(), lines);
                            return Response.status(outcome.status())
                                    .entity(outcome.body())
                                    .build();
                        })));
    }

    private Uni<Idempotency.Outcome> take(
            Mutiny.Session session, Caller who, HoldRequest request, List<StockLine> lines, int ttl) {
        return reservations
                .hold(session, UUID.randomUUID(), request.locationId(), request.reference(), who.subject(), lines, ttl)
                .map(attempt -> held(attempt, request))
                .call(held -> outbox.append(
                        session,
                        held.locationId(),
                        new StockReserved(
                                held.id().toString(),
                                held.locationId(),
                                held.reference(),
                                held.lines(),
                                held.expiresAt())))
                .map(held -> new Idempotency.Outcome(201, ReservationView.of(held)));
    }

    /** The hold, or the refusal that rolls the attempt back. */
    private static Reservation held(Reservations.Attempt attempt, HoldRequest request) {
        if (attempt.reservation() != null) {
            return attempt.reservation();
        }
        if (!attempt.locationExists()) {
            throw ProblemException.invalid("locationId", "no such location");
        }
        if (!attempt.unknownSkus().isEmpty()) {
            throw LineRules.unknownSkus(request.lines(), attempt.unknownSkus());
        }
        throw ProblemException.conflict(
                "Not enough stock at " + request.locationId() + " for every line; nothing was held",
                Map.of("shortLines", attempt.shortLines()));
    }

    private static Idempotency.Outcome retry(Reservation existing, String locationId, List<StockLine> lines) {
        if (!existing.locationId().equals(locationId) || !existing.lines().equals(lines)) {
            throw ProblemException.conflict(
                    "The reference " + existing.reference() + " already holds other lines",
                    Map.of("reservationId", existing.id()));
        }
        return new Idempotency.Outcome(200, ReservationView.of(existing));
    }

    @GET
    @Path("/{id}")
    public Uni<ReservationView> get(@PathParam("id") UUID id) {
        Caller who = caller.get();
        return sessions.withSession(session -> reservations.byId(session, id))
                .map(found -> ReservationView.of(visible(found, id, who)));
    }

    /**
     * Gives the units back (RELEASED, ReservationReleased with reason CANCELLED). Releasing a hold
     * that has already ended answers it as it is; a fulfilled hold cannot be released (409).
     */
    @POST
    @Path("/{id}/release")
    public Uni<Response> release(@PathParam("id") UUID id, @HeaderParam(Idempotency.HEADER) String key) {
        Caller who = caller.get();
        String scope = who.subject() + " POST /api/reservations/" + id + "/release";
        return idempotency.run(
                key,
                scope,
                Map.of("id", id),
                session -> reservations
                        .byId(session, id)
                        .map(found -> visible(found, id, who))
                        .chain(found -> reservations
                                .giveBack(
                                        session,
                                        id,
                                        List.of(ReservationStatus.HELD, ReservationStatus.COMMITTED),
                                        ReservationStatus.RELEASED,
                                        who.subject())
                                .chain(released -> released.isPresent()
                                        ? outbox.append(
                                                        session,
                                                        found.locationId(),
                                                        new ReservationReleased(
                                                                id.toString(),
                                                                found.locationId(),
                                                                found.reference(),
                                                                ReservationReleased.Reason.CANCELLED,
                                                                found.lines()))
                                                .replaceWith(released.get())
                                        : Uni.createFrom().item(alreadyEnded(found))))
                        .map(reservation -> new Idempotency.Outcome(200, ReservationView.of(reservation))));
    }

    private static Reservation alreadyEnded(Reservation found) {
        if (found.status() == ReservationStatus.FULFILLED) {
            throw ProblemException.conflict(
                    "The hold was fulfilled; its units have left the store", Map.of("status", found.status()));
        }
        return found;
    }

    /** Who created the hold, staff of its location, services and admin see it; others get 404. */
    private static Reservation visible(Optional<Reservation> found, UUID id, Caller who) {
        Reservation reservation = found.orElseThrow(() -> ProblemException.notFound("Reservation " + id));
        boolean allowed = reservation.owner().equals(who.subject())
                || Access.atStore(who, reservation.locationId()) == Access.Decision.ALLOW;
        if (!allowed) {
            throw ProblemException.notFound("Reservation " + id);
        }
        return reservation;
    }
}
