package com.unifiedcommerce.inventory.api;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;

import com.unifiedcommerce.inventory.app.Patterns;
import com.unifiedcommerce.inventory.app.StockAdjustments;
import com.unifiedcommerce.inventory.app.StockAdjustments.StockView;
import com.unifiedcommerce.inventory.store.StockStore;
import com.unifiedcommerce.platform.idempotency.Idempotency;
import com.unifiedcommerce.platform.request.Answers;
import com.unifiedcommerce.platform.security.Access;
import com.unifiedcommerce.platform.security.Caller;
import com.unifiedcommerce.platform.security.CurrentCaller;
import io.smallrye.mutiny.Uni;
import org.hibernate.reactive.mutiny.Mutiny;
import org.jboss.resteasy.reactive.server.Cancellable;

/** Stock of one SKU at one location: read by store staff, adjusted by that store's manager. */
@Path("/api/stock/{locationId}/{sku}")
// Work runs to its end when the caller stops waiting (gateway/README.md, "Time-outs").
@Cancellable(false)
public class StockResource {

    @Inject
    Mutiny.SessionFactory sessions;

    @Inject
    StockStore stock;

    @Inject
    StockAdjustments adjustments;

    @Inject
    CurrentCaller caller;

    @GET
    @RolesAllowed({Caller.ASSOCIATE, Caller.MANAGER, Caller.ADMIN, Caller.SERVICE})
    public Uni<StockView> get(
            @PathParam("locationId") @Pattern(regexp = Patterns.LOCATION, message = Patterns.LOCATION_MESSAGE)
                    String locationId,
            @PathParam("sku") @Pattern(regexp = Patterns.SKU, message = Patterns.SKU_MESSAGE) String sku) {
        Access.require(Access.staff(caller.get()), "Stock");
        return sessions.withSession(session -> stock.lookup(session, locationId, sku))
                .map(lookup -> StockView.of(
                        StockAdjustments.known(lookup, locationId, sku).level()));
    }

    /**
     * Applies an adjustment and announces it ({@code StockAdjusted}); 409 when it would take on
     * hand below zero. Units held for orders are not protected from a count that finds them gone:
     * availability then shows zero and the holds fail when fulfilled.
     */
    @POST
    @Path("/adjustments")
    @RolesAllowed({Caller.MANAGER, Caller.ADMIN})
    public Uni<Response> adjust(
            @PathParam("locationId") @Pattern(regexp = Patterns.LOCATION, message = Patterns.LOCATION_MESSAGE)
                    String locationId,
            @PathParam("sku") @Pattern(regexp = Patterns.SKU, message = Patterns.SKU_MESSAGE) String sku,
            @HeaderParam(Idempotency.HEADER) String key,
            @Valid @NotNull StockAdjustments.AdjustmentRequest request) {
        return adjustments.adjust(caller.get(), locationId, sku, key, request).map(Answers::http);
    }
}
