package com.unifiedcommerce.loyalty.api;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;

import com.unifiedcommerce.loyalty.app.HoldRequest;
import com.unifiedcommerce.loyalty.app.Holds;
import com.unifiedcommerce.platform.idempotency.Idempotency;
import com.unifiedcommerce.platform.request.Answers;
import com.unifiedcommerce.platform.security.Caller;
import com.unifiedcommerce.platform.security.CurrentCaller;
import io.smallrye.mutiny.Uni;
import org.jboss.resteasy.reactive.server.Cancellable;

/**
 * Points as a tender: a hold (taken through {@link AccountHoldResource}) is captured when the
 * order is placed (PointsRedeemed), or released ({@link Holds}).
 */
@Path("/api/loyalty")
@RolesAllowed({Caller.SERVICE, Caller.ADMIN})
// Work runs to its end when the caller stops waiting (gateway/README.md, "Time-outs").
@Cancellable(false)
public class PointHoldResource {

    @Inject
    Holds holds;

    @Inject
    CurrentCaller caller;

    /** The order was placed: the held points are redeemed (moved to the program) and announced. */
    @POST
    @Path("/holds/{reference}/capture")
    public Uni<Response> capture(
            @PathParam("reference") @Pattern(regexp = HoldRequest.REFERENCE, message = "must be visible ASCII")
                    String reference,
            @HeaderParam(Idempotency.HEADER) String key) {
        return holds.capture(caller.get(), reference, key).map(Answers::http);
    }

    /** The order will not be placed: the points are available again. */
    @POST
    @Path("/holds/{reference}/release")
    public Uni<Response> release(
            @PathParam("reference") @Pattern(regexp = HoldRequest.REFERENCE, message = "must be visible ASCII")
                    String reference,
            @QueryParam("attempt") @Min(0) @Max(1_000_000) Integer attempt,
            @HeaderParam(Idempotency.HEADER) String key) {
        return holds.release(caller.get(), reference, attempt, key).map(Answers::http);
    }
}
