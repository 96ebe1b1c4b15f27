package com.unifiedcommerce.loyalty.api;

import java.util.Map;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;

import com.unifiedcommerce.loyalty.store.Ledger;
import com.unifiedcommerce.loyalty.store.PointHolds;
import com.unifiedcommerce.platform.idempotency.Idempotency;
import com.unifiedcommerce.platform.problem.ProblemException;
import com.unifiedcommerce.platform.security.Caller;
import com.unifiedcommerce.platform.security.CurrentCaller;
import io.smallrye.mutiny.Uni;
import org.hibernate.reactive.mutiny.Mutiny;
import org.jboss.resteasy.reactive.server.Cancellable;

/**
 * Holding a customer's points at checkout for an order's reference (the order service, or
 * admin): concurrent holds never spend more than the balance; a negative balance (after a
 * reversal) holds nothing. Captured or released through {@link PointHoldResource}.
 */
@Path("/api/loyalty/accounts/{customerId}/holds")
@RolesAllowed({Caller.SERVICE, Caller.ADMIN})
// Work runs to its end when the caller stops waiting (gateway/README.md, "Time-outs").
@Cancellable(false)
public class AccountHoldResource {

    @Inject
    PointHolds holds;

    @Inject
    Ledger ledger;

    @Inject
    Idempotency idempotency;

    @Inject
    CurrentCaller caller;

    /** 201 with the hold; 200 for a repeat of the same hold; 409 when the points are not available. */
    @POST
    public Uni<Response> hold(
            @PathParam("customerId")
                    @Pattern(regexp = AccountResource.CUSTOMER_ID, message = AccountResource.CUSTOMER_ID_MESSAGE)
                    String customerId,
            @HeaderParam(Idempotency.HEADER) String key,
            @Valid @NotNull PointHoldResource.HoldRequest request) {
        Caller who = caller.get();
        int ttl = request.ttlSeconds() == null ? 900 : request.ttlSeconds();
        String scope = who.subject() + " POST /api/loyalty/accounts/" + customerId + "/holds";
        return idempotency.run(key, scope, request, session -> take(session, who, customerId, request, ttl));
    }

    /**
     * One statement in the usual case. When the reference already exists nothing was changed and
     * the existing hold decides: the same attempt's hold answers a repeat (a conflict if it holds
     * other points); a hold that ended, or a live one of an older attempt (given back first), is
     * held again for this attempt; a later attempt's hold refuses this one (superseded), and so
     * does the same attempt's released hold (the attempt was given up); points already captured
     * are never held again.
     */
    private Uni<Idempotency.Outcome> take(
            Mutiny.Session session, Caller who, String customerId, PointHoldResource.HoldRequest request, int ttl) {
        int attempt = request.attemptOrZero();
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
    private static Idempotency.Outcome recorded(
            PointHolds.Attempt taken, String customerId, PointHoldResource.HoldRequest request) {
        if (!taken.recorded()) {
            throw ProblemException.conflict("The reference " + request.reference() + " is being held; retry", Map.of());
        }
        return new Idempotency.Outcome(
                201,
                new PointHoldResource.HoldView(
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
        return new Idempotency.Outcome(200, PointHoldResource.HoldView.of(existing));
    }
}
