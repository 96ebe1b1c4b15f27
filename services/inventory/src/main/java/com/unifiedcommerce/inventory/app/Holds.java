package com.unifiedcommerce.inventory.app;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

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
import com.unifiedcommerce.platform.problem.ProblemType;
import com.unifiedcommerce.platform.request.Answer;
import com.unifiedcommerce.platform.security.Access;
import com.unifiedcommerce.platform.security.Caller;
import io.smallrye.mutiny.Uni;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Holds of stock at one location for a caller's reference (an order id): taken all lines or
 * none in one statement, committed when the order is placed, given back when it is not. The
 * reservations resource maps HTTP to these and their answers back.
 */
@ApplicationScoped
public class Holds {

    private static final int CREATED = 201;

    @Inject
    Mutiny.SessionFactory sessions;

    @Inject
    Reservations reservations;

    @Inject
    Outbox outbox;

    @Inject
    Idempotency idempotency;

    /**
     * 201 with the hold; 200 with the same hold when its reference was already held with the
     * same lines (a retry); 409 listing each short line with what is available.
     */
    public Uni<Answer> hold(Caller who, String key, HoldRequest request) {
        Access.require(Access.atStore(who, request.locationId()), "Location " + request.locationId());
        if (request.committedAtOnce() && !who.has(Caller.SERVICE)) {
            // A committed hold never expires: only the order ledger takes one, for an order it places.
            throw ProblemException.invalid("committed", "is for the order ledger's holds; staff holds expire");
        }
        List<StockLine> lines = LineRules.sorted(request.lines());
        if (request.itemVersions() != null) {
            HoldRequestRules.versionWithoutLine(lines, request.itemVersions().keySet())
                    .ifPresent(sku -> {
                        throw ProblemException.invalid("itemVersions", sku + " is not one of the lines");
                    });
        }
        int ttl = request.ttlSeconds() == null ? HoldRequestRules.DEFAULT_TTL_SECONDS : request.ttlSeconds();
        String scope = who.subject() + " POST /api/reservations";
        return idempotency
                .answerClaimed(
                        key,
                        scope,
                        request,
                        // The first statement takes the key, and the hold when the reference never
                        // held before; a key already taken is answered as kept, and a reference that
                        // held before is decided by its latest hold (holdOnce).
                        (session, claim) -> attemptHold(session, who, request, lines, ttl, true, claim)
                                .chain(attempt -> {
                                    if (!attempt.keyTaken()) {
                                        return Uni.createFrom().item(Optional.<Idempotency.Outcome>empty());
                                    }
                                    return attempt.referenceSeen()
                                            ? reservations
                                                    .latest(session, request.reference())
                                                    .chain(found ->
                                                            holdOnce(session, who, request, lines, ttl, found, claim))
                                                    .map(Optional::of)
                                            : Uni.createFrom().item(Optional.of(recorded(attempt, request)));
                                }))
                .onFailure(Reservations::isDuplicateReference)
                .recoverWithUni(() -> sessions.withSession(session -> reservations
                        .byReference(session, request.reference())
                        .map(existing -> {
                            Idempotency.Outcome outcome =
                                    HoldAnswers.retry(existing.orElseThrow(), request.locationId(), lines);
                            return Answer.of(outcome.status(), outcome.body());
                        })));
    }

    /**
     * The reference's live hold of the same attempt answers a repeat; a live hold of an older
     * attempt (left by a checkout attempt given up for dead) is given back first; an attempt older
     * than one the reference has seen is refused, so it can never take stock from its successor,
     * and so is an attempt whose hold was given back (released), so it cannot take stock again.
     */
    private Uni<Idempotency.Outcome> holdOnce(
            Mutiny.Session session,
            Caller who,
            HoldRequest request,
            List<StockLine> lines,
            int ttl,
            Optional<Reservations.Latest> found,
            Optional<Idempotency.Claim> claim) {
        int attempt = request.attemptOrZero();
        if (found.isPresent() && found.get().newestAttempt() > attempt) {
            throw HoldAnswers.superseded(request.reference(), found.get().newestAttempt());
        }
        Reservation existing = found.map(Reservations.Latest::hold).orElse(null);
        if (existing != null
                && attempt > 0
                && existing.attempt() == attempt
                && existing.status() == ReservationStatus.RELEASED) {
            // The attempt was given up (its own undo, or the order's sweep gave its hold back): a
            // step of it that runs late must not take stock again; the next attempt may.
            throw ProblemException.conflict(
                    "Attempt " + attempt + " for " + request.reference() + " was given up and its hold given back;"
                            + " a later attempt may hold",
                    Map.of("superseded", true, "attempt", attempt));
        }
        if (existing == null || HoldAnswers.ended(existing)) {
            return take(session, who, request, lines, ttl, claim);
        }
        if (existing.attempt() < attempt && existing.status().holdsStock()) {
            return giveBack(session, existing, who).chain(() -> take(session, who, request, lines, ttl, claim));
        }
        return Uni.createFrom().item(HoldAnswers.retry(existing, request.locationId(), lines));
    }

    private Uni<Idempotency.Outcome> take(
            Mutiny.Session session,
            Caller who,
            HoldRequest request,
            List<StockLine> lines,
            int ttl,
            Optional<Idempotency.Claim> claim) {
        return attemptHold(session, who, request, lines, ttl, false, claim).map(attempt -> recorded(attempt, request));
    }

    private Uni<Reservations.Attempt> attemptHold(
            Mutiny.Session session,
            Caller who,
            HoldRequest request,
            List<StockLine> lines,
            int ttl,
            boolean onlyIfNew,
            Optional<Idempotency.Claim> claim) {
        UUID id = UUID.randomUUID();
        ReservationStatus status = request.committedAtOnce() ? ReservationStatus.COMMITTED : ReservationStatus.HELD;
        // StockReserved goes out with the hold, and the answer is kept under the Idempotency-Key,
        // both written by the hold statement itself; it adds the times, which only it knows.
        Outbox.Row announced = outbox.row(
                request.locationId(),
                new StockReserved(id.toString(), request.locationId(), request.reference(), lines, null));
        // The request's first statement (onlyIfNew) takes its key; a second one finds it taken.
        Reservations.KeptAnswer kept = claim.map(taken -> new Reservations.KeptAnswer(
                        taken,
                        onlyIfNew,
                        CREATED,
                        idempotency.serialise(new ReservationView(
                                id,
                                request.locationId(),
                                request.reference(),
                                status,
                                lines,
                                null,
                                null,
                                null,
                                request.attemptOrZero()))))
                .orElse(null);
        return reservations
                .hold(
                        session,
                        id,
                        request.locationId(),
                        request.reference(),
                        who.subject(),
                        lines,
                        ttl,
                        request.attemptOrZero(),
                        status,
                        request.itemVersions() == null ? Map.of() : request.itemVersions(),
                        onlyIfNew,
                        announced,
                        kept)
                .invoke(attempt -> {
                    if (attempt.reservation() != null) {
                        outbox.announced(1); // the statement held, and so inserted the event
                    }
                });
    }

    /** The hold taken (announced, and its answer kept, by its statement), or the refusal. */
    private static Idempotency.Outcome recorded(Reservations.Attempt attempt, HoldRequest request) {
        Reservation held = HoldAnswers.held(attempt, request);
        return new Idempotency.Outcome(CREATED, ReservationView.of(held), attempt.answerKept());
    }

    /** A hold as its reader may see it (404 for anyone else). */
    public Uni<ReservationView> view(Caller who, UUID id) {
        return sessions.withSession(session -> reservations.byId(session, id))
                .map(found -> ReservationView.of(visible(found, id, who)));
    }

    /**
     * The order a hold belongs to is being placed: the hold stops expiring (COMMITTED). Only the
     * service that took the hold (the order ledger); 409 naming the status when the hold already
     * ended, which the caller must treat as "not held".
     */
    public Uni<Answer> commit(Caller who, UUID id, String key) {
        return step(
                who,
                "/api/reservations/" + id + "/commit",
                key,
                Map.of("id", id),
                session -> reservations
                        .byId(session, id)
                        .map(found -> visible(found, id, who))
                        .invoke(found -> {
                            // A committed hold never expires: only the service that took it for an order commits it.
                            if (!found.owner().equals(who.subject()) || !who.has(Caller.SERVICE)) {
                                throw new ProblemException(
                                        ProblemType.FORBIDDEN,
                                        "Holds are committed by the order ledger when it places the order");
                            }
                        })
                        .chain(found -> reservations
                                .commit(session, id)
                                .map(committed -> committed.orElseThrow(() -> ProblemException.conflict(
                                        "The hold is " + found.status() + " and can no longer be committed",
                                        Map.of("status", found.status()))))));
    }

    /**
     * Gives the units back (RELEASED, ReservationReleased with reason CANCELLED). Releasing a hold
     * that has already ended answers it as it is; a fulfilled hold cannot be released (409). A
     * COMMITTED hold belongs to a placed order: only who took it (the order ledger, when the order
     * is cancelled or its checkout undone) releases it; anyone else is told to cancel the order.
     */
    public Uni<Answer> release(Caller who, UUID id, String key) {
        return step(
                who,
                "/api/reservations/" + id + "/release",
                key,
                Map.of("id", id),
                session -> reservations
                        .byId(session, id)
                        .map(found -> visible(found, id, who))
                        .chain(found -> giveBack(session, found, who)));
    }

    /**
     * Releases the live hold of a reference (the order service undoing a checkout attempt whose
     * hold's answer it may never have received); the reference's latest hold as it is when none is
     * live, 404 when the reference never held anything. With {@code attempt}, a hold taken by a
     * later attempt is left alone (409 superseded).
     */
    public Uni<Answer> releaseReference(Caller who, String reference, Integer attempt, String key) {
        return step(
                who,
                "/api/reservations/references/" + reference + "/release",
                key,
                Map.of("reference", reference, "attempt", attempt == null ? -1 : attempt),
                session -> reservations
                        .byReference(session, reference)
                        .map(found ->
                                visible(found, found.map(Reservation::id).orElse(null), who, "Hold for " + reference))
                        .invoke(found -> {
                            if (attempt != null && found.attempt() > attempt) {
                                throw HoldAnswers.superseded(reference, found.attempt());
                            }
                        })
                        .chain(found -> giveBack(session, found, who)));
    }

    /**
     * One step on a hold that exists (commit, release), in one transaction under the caller's
     * Idempotency-Key for {@code POST path}: 200 with the hold as the step left it.
     */
    private Uni<Answer> step(
            Caller who,
            String path,
            String key,
            Map<String, Object> request,
            Function<Mutiny.Session, Uni<Reservation>> effect) {
        return idempotency.answer(
                key,
                who.subject() + " POST " + path,
                request,
                session -> effect.apply(session)
                        .map(reservation -> new Idempotency.Outcome(200, ReservationView.of(reservation))));
    }

    private Uni<Reservation> giveBack(Mutiny.Session session, Reservation found, Caller who) {
        if (found.status() == ReservationStatus.COMMITTED && !found.owner().equals(who.subject())) {
            throw ProblemException.conflict(
                    "The hold belongs to order " + found.reference() + "; cancel the order to give its units back",
                    Map.of("status", found.status()));
        }
        return reservations
                .giveBack(
                        session,
                        found.id(),
                        List.of(ReservationStatus.HELD, ReservationStatus.COMMITTED),
                        ReservationStatus.RELEASED,
                        who.subject())
                .chain(released -> released.isPresent()
                        ? outbox.append(
                                        session,
                                        found.locationId(),
                                        new ReservationReleased(
                                                found.id().toString(),
                                                found.locationId(),
                                                found.reference(),
                                                ReservationReleased.Reason.CANCELLED,
                                                found.lines()))
                                .replaceWith(released.get())
                        : Uni.createFrom().item(alreadyEnded(found)));
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
        return visible(found, id, who, "Reservation " + id);
    }

    private static Reservation visible(Optional<Reservation> found, UUID id, Caller who, String what) {
        Reservation reservation = found.orElseThrow(() -> ProblemException.notFound(what));
        boolean allowed = reservation.owner().equals(who.subject())
                || Access.atStore(who, reservation.locationId()) == Access.Decision.ALLOW;
        if (!allowed) {
            throw ProblemException.notFound(what);
        }
        return reservation;
    }
}
