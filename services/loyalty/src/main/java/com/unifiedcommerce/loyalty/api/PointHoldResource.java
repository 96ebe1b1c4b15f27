package com.unifiedcommerce.loyalty.api;

import java.time.Instant;
import java.util.Map;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;

import com.unifiedcommerce.loyalty.app.Redemption;
import com.unifiedcommerce.loyalty.store.PointHolds;
import com.unifiedcommerce.platform.idempotency.Idempotency;
import com.unifiedcommerce.platform.problem.ProblemException;
import com.unifiedcommerce.platform.security.Caller;
import com.unifiedcommerce.platform.security.CurrentCaller;
import io.smallrye.mutiny.Uni;
import org.hibernate.reactive.mutiny.Mutiny;
import org.jboss.resteasy.reactive.server.Cancellable;

/**
 * Points as a tender: a hold (taken through {@link AccountHoldResource}) is captured when the
 * order is placed (PointsRedeemed), or released.
 */
@Path("/api/loyalty")
@RolesAllowed({Caller.SERVICE, Caller.ADMIN})
// Work runs to its end when the caller stops waiting (gateway/README.md, "Time-outs").
@Cancellable(false)
public class PointHoldResource {

    static final String REFERENCE = "^[\\x21-\\x7E]{1,100}$";

    public record HoldRequest(
            @NotBlank @Pattern(regexp = REFERENCE, message = "must be 1 to 100 visible ASCII characters")
            String reference,

            @NotNull @Min(1) @Max(1_000_000) Long points,
            @Min(30) @Max(86_400) Integer ttlSeconds,

            /* Which attempt of the checkout this is; 0 when not given. */
            @Min(0) @Max(1_000_000) Integer attempt) {

        int attemptOrZero() {
            return attempt == null ? 0 : attempt;
        }
    }

    public record HoldView(
            String reference, String customerId, long points, String status, Instant expiresAt, int attempt) {
        static HoldView of(PointHolds.Hold hold) {
            return new HoldView(
                    hold.reference(),
                    hold.customerId(),
                    hold.points(),
                    hold.status(),
                    hold.expiresAt(),
                    hold.attempt());
        }
    }

    @Inject
    Mutiny.SessionFactory sessions;

    @Inject
    PointHolds holds;

    @Inject
    Redemption redemption;

    @Inject
    Idempotency idempotency;

    @Inject
    CurrentCaller caller;

    /** The order was placed: the held points are redeemed (moved to the program) and announced. */
    @POST
    @Path("/holds/{reference}/capture")
    public Uni<Response> capture(
            @PathParam("reference") @Pattern(regexp = REFERENCE, message = "must be visible ASCII") String reference,
            @HeaderParam(Idempotency.HEADER) String key) {
        Caller who = caller.get();
        String scope = who.subject() + " POST /api/loyalty/holds/" + reference + "/capture";
        return idempotency.run(
                key,
                scope,
                Map.of("reference", reference),
                session -> holds.end(session, reference, "CAPTURED")
                        .chain(captured -> captured.isPresent()
                                ? redeem(session, captured.get(), who)
                                : already(session, reference, "CAPTURED", Integer.MAX_VALUE)));
    }

    private Uni<Idempotency.Outcome> redeem(Mutiny.Session session, PointHolds.Hold hold, Caller who) {
        return redemption
                .redeem(session, hold.customerId(), hold.points(), hold.reference(), null, who.subject())
                .map(posted -> new Idempotency.Outcome(
                        200,
                        new HoldView(
                                hold.reference(),
                                hold.customerId(),
                                hold.points(),
                                "CAPTURED",
                                hold.expiresAt(),
                                hold.attempt())));
    }

    /** The order will not be placed: the points are available again. */
    @POST
    @Path("/holds/{reference}/release")
    public Uni<Response> release(
            @PathParam("reference") @Pattern(regexp = REFERENCE, message = "must be visible ASCII") String reference,
            @QueryParam("attempt") @Min(0) @Max(1_000_000) Integer attempt,
            @HeaderParam(Idempotency.HEADER) String key) {
        Caller who = caller.get();
        String scope = who.subject() + " POST /api/loyalty/holds/" + reference + "/release";
        int upTo = attempt == null ? Integer.MAX_VALUE : attempt;
        return idempotency.run(
                key,
                scope,
                Map.of("reference", reference, "attempt", upTo),
                session -> holds.end(session, reference, "RELEASED", upTo)
                        .chain(released -> released.isPresent()
                                ? Uni.createFrom().item(new Idempotency.Outcome(200, HoldView.of(released.get())))
                                : already(session, reference, "RELEASED", upTo)));
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
