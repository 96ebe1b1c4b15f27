package com.unifiedcommerce.loyalty.app;

import java.util.Map;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.unifiedcommerce.loyalty.store.Ledger;
import com.unifiedcommerce.loyalty.store.PointHolds;
import com.unifiedcommerce.platform.idempotency.Idempotency;
import com.unifiedcommerce.platform.problem.ProblemException;
import com.unifiedcommerce.platform.request.Answer;
import com.unifiedcommerce.platform.security.Caller;
import io.smallrye.mutiny.Uni;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Points as a tender: held at checkout for an order's reference (concurrent holds never spend
 * more than the balance; a negative balance, after a reversal, holds nothing), then captured when
 * the order is placed (redeemed and announced as PointsRedeemed) or released. Each under its
 * Idempotency-Key, in one transaction.
 */
@ApplicationScoped
public class Holds {

    @Inject
    PointHolds holds;

    @Inject
    Ledger ledger;

    @Inject
    Redemption redemption;

    @Inject
    Idempotency idempotency;

    /** 201 with the hold; 200 for a repeat of the same hold; 409 when the points are not available. */
    public Uni<Answer> hold(Caller who, String customerId, String key, HoldRequest request) {
        String scope = who.subject() + " POST /api/loyalty/accounts/" + customerId + "/holds";
        return idempotency.answer(key, scope, request, session -> take(session, who, customerId, request));
    }

    /** The order was placed: the held points are redeemed (moved to the program) and announced. */
    public Uni<Answer> capture(Caller who, String reference, String key) {
        String scope = who.subject() + " POST /api/loyalty/holds/" + reference + "/capture";
        return idempotency.answer(
                key,
                scope,
                Map.of("reference", reference),
                session -> holds.end(session, reference, "CAPTURED")
                        .chain(captured -> captured.isPresent()
                                ? redeem(session, captured.get(), who)
                                : already(session, reference, "CAPTURED", Integer.MAX_VALUE)));
    }

    /** The order will not be placed: the points are available again (up to {@code attempt}, when given). */
    public Uni<Answer> release(Caller who, String reference, Integer attempt, String key) {
        String scope = who.subject() + " POST /api/loyalty/holds/" + reference + "/release";
        int upTo = attempt == null ? Integer.MAX_VALUE : attempt;
        return idempotency.answer(
                key,
                scope,
                Map.of("reference", reference, "attempt", upTo),
                session -> holds.end(session, reference, "RELEASED", upTo)
                        .chain(released -> released.isPresent()
                                ? Uni.createFrom().item(new Idempotency.Outcome(200, HoldView.of(released.get())))
                                : already(session, reference, "RELEASED", upTo)));
    }

    /**
     * One statement in the usual case. When the reference already exists nothing was changed and
     * the existing hold decides: the same attempt's hold answers a repeat (a conflict if it holds
     * other points); a hold that ended, or a live one of an older attempt (given back first), is
     * held again for this attempt; a later attempt's hold refuses this one (superseded), and so
     * does the same attempt's released hold (the attempt was given up); points already captured
     * are never held again.
     */
    private Uni<Idempotency.Outcome> take(Mutiny.Session session, Caller who, String customerId, HoldRequest request) {
        int attempt = request.attemptOrZero();
        int ttl = request.ttlOrDefault();
        return holds.hold(session, request.reference(), customerId, request.points(), ttl, who.subject(), attempt)
                .chain(taken -> {
                    if (taken.covered()) {
                        return Uni.createFrom().item(recorded(taken, customerId, request));
                    }
                    return holds.byReference(session, request.reference()).chain(existing -> {
                        if (existing.isEmpty()) {
                            return refuse(session, customerId, taken.available());
                        }
                        PointHolds.Hold hold = existing.get();
                        if (hold.attempt() > attempt) {
                            throw ProblemException.conflict(
                                    "A later attempt holds points for " + hold.reference(),
                                    Map.of("superseded", true, "attempt", hold.attempt()));
                        }
                        if (hold.status().equals("HELD") && hold.attempt() == attempt) {
                            return Uni.createFrom().item(repeat(hold, customerId, request.points()));
                        }
                        if (hold.status().equals("RELEASED") && attempt > 0 && hold.attempt() == attempt) {
                            // The attempt was given up (its undo, or the order's sweep, gave its points
                            // back): a step of it that runs late holds nothing again; the next attempt may.
                            throw ProblemException.conflict(
                                    "Attempt " + attempt + " for " + hold.reference() + " was given up and its"
                                            + " points given back; a later attempt may hold",
                                    Map.of("superseded", true, "attempt", attempt));
                        }
                        if (hold.status().equals("CAPTURED")) {
                            throw ProblemException.conflict(
                                    "The points of " + hold.reference() + " were redeemed already",
                                    Map.of("status", hold.status()));
                        }
                        Uni<?> ended = hold.status().equals("HELD")
                                ? holds.end(session, hold.reference(), "RELEASED")
                                : Uni.createFrom().voidItem();
                        return ended.chain(() -> holds.holdAgain(
                                        session,
                                        request.reference(),
                                        customerId,
                                        request.points(),
                                        ttl,
                                        who.subject(),
                                        attempt))
                                .chain(again -> again.covered()
                                        ? Uni.createFrom().item(recorded(again, customerId, request))
                                        : refuse(session, customerId, again.available()));
                    });
                });
    }

    /** A hold just taken; covered but not recorded means a concurrent request took the reference (rolled back). */
    private static Idempotency.Outcome recorded(PointHolds.Attempt taken, String customerId, HoldRequest request) {
        if (!taken.recorded()) {
            throw ProblemException.conflict("The reference " + request.reference() + " is being held; retry", Map.of());
        }
        return new Idempotency.Outcome(
                201,
                new HoldView(
                        request.reference(),
                        customerId,
                        request.points(),
                        "HELD",
                        taken.expiresAt(),
                        request.attemptOrZero()));
    }

    private Uni<Idempotency.Outcome> refuse(Mutiny.Session session, String customerId, long available) {
        return ledger.summary(session, customerId).map(summary -> {
            if (summary.isEmpty()) {
                throw ProblemException.notFound("Loyalty account of " + customerId);
            }
            throw ProblemException.conflict("Not enough points available", Map.of("available", available));
        });
    }

    private static Idempotency.Outcome repeat(PointHolds.Hold existing, String customerId, long points) {
        if (!existing.customerId().equals(customerId) || existing.points() != points) {
            throw ProblemException.conflict(
                    "The reference " + existing.reference() + " already holds other points", Map.of());
        }
        return new Idempotency.Outcome(200, HoldView.of(existing));
    }

    private Uni<Idempotency.Outcome> redeem(Mutiny.Session session, PointHolds.Hold hold, Caller who) {
        return redemption
                .redeem(session, hold.customerId(), hold.points(), hold.reference(), null, who.subject())
                .map(posted -> new Idempotency.Outcome(200, HoldView.of(hold, "CAPTURED")));
    }

    /** A hold that is no longer HELD: fine if it already ended the asked way (or expired, for a release). */
    private Uni<Idempotency.Outcome> already(Mutiny.Session session, String reference, String wanted, int upTo) {
        return holds.byReference(session, reference).map(found -> {
            PointHolds.Hold hold = found.orElseThrow(() -> ProblemException.notFound("Points hold " + reference));
            if (hold.attempt() > upTo) {
                throw ProblemException.conflict(
                        "A later attempt holds points for " + reference, Map.of("superseded", true));
            }
            boolean same = hold.status().equals(wanted)
                    || (wanted.equals("RELEASED") && hold.status().equals("EXPIRED"));
            if (!same) {
                throw ProblemException.conflict("The points hold is " + hold.status(), Map.of("status", hold.status()));
            }
            return new Idempotency.Outcome(200, HoldView.of(hold));
        });
    }
}
