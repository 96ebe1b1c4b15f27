package com.unifiedcommerce.inventory.api;

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

import com.unifiedcommerce.inventory.app.Patterns;
import com.unifiedcommerce.inventory.app.Sales;
import com.unifiedcommerce.platform.idempotency.Idempotency;
import com.unifiedcommerce.platform.request.Answers;
import com.unifiedcommerce.platform.security.Caller;
import com.unifiedcommerce.platform.security.CurrentCaller;
import io.smallrye.mutiny.Uni;
import org.jboss.resteasy.reactive.server.Cancellable;

/**
 * Counter sales (carry-out): the units leave the store at once, so on hand goes down now, all
 * lines or none, never below zero and never into units held for pickups. Called by the order
 * service for a store sale, or by the store's staff; the sale's reference (its order id) takes
 * stock only once.
 */
@Path("/api/stock/{locationId}/sales")
@RolesAllowed({Caller.ASSOCIATE, Caller.MANAGER, Caller.ADMIN, Caller.SERVICE})
// Work runs to its end when the caller stops waiting (gateway/README.md, "Time-outs").
@Cancellable(false)
public class SaleResource {

    @Inject
    Sales sales;

    @Inject
    CurrentCaller caller;

    @POST
    public Uni<Response> sell(
            @PathParam("locationId") @Pattern(regexp = Patterns.LOCATION, message = Patterns.LOCATION_MESSAGE)
                    String locationId,
            @HeaderParam(Idempotency.HEADER) String key,
            @Valid @NotNull Sales.SaleRequest request) {
        return sales.sell(caller.get(), locationId, key, request).map(Answers::http);
    }
}
