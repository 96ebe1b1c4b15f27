package com.unifiedcommerce.loyalty.api;

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

import com.unifiedcommerce.loyalty.app.HoldRequest;
import com.unifiedcommerce.loyalty.app.Holds;
import com.unifiedcommerce.platform.idempotency.Idempotency;
import com.unifiedcommerce.platform.request.Answers;
import com.unifiedcommerce.platform.security.Caller;
import com.unifiedcommerce.platform.security.CurrentCaller;
import io.smallrye.mutiny.Uni;
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
    Holds holds;

    @Inject
    CurrentCaller caller;

    /** 201 with the hold; 200 for a repeat of the same hold; 409 when the points are not available. */
    @POST
    public Uni<Response> hold(
            @PathParam("customerId")
                    @Pattern(regexp = AccountResource.CUSTOMER_ID, message = AccountResource.CUSTOMER_ID_MESSAGE)
                    String customerId,
            @HeaderParam(Idempotency.HEADER) String key,
            @Valid @NotNull HoldRequest request) {
        return holds.hold(caller.get(), customerId, key, request).map(Answers::http);
    }
}
