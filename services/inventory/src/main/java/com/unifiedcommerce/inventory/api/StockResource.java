package com.unifiedcommerce.inventory.api;

import java.util.Map;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;

import com.unifiedcommerce.contracts.inventory.StockAdjusted;
import com.unifiedcommerce.inventory.app.Patterns;
import com.unifiedcommerce.inventory.domain.AdjustmentReason;
import com.unifiedcommerce.inventory.domain.StockLevel;
import com.unifiedcommerce.inventory.store.StockStore;
import com.unifiedcommerce.platform.idempotency.Idempotency;
import com.unifiedcommerce.platform.outbox.Outbox;
import com.unifiedcommerce.platform.problem.ProblemException;
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

    public record StockView(
            String locationId, String sku, int onHand, int reserved, int safetyStock, int damaged, int available) {

        static StockView of(StockLevel level) {
            return new StockView(
                    level.locationId(),
                    level.sku(),
                    level.onHand(),
                    level.reserved(),
                    level.safetyStock(),
                    level.damaged(),
                    level.available());
        }
    }

    /** A change of on hand by {@code delta} units, for a reason; {@code reference} e.g. a delivery note. */
    public record AdjustmentRequest(
            @NotNull Integer delta,
            @NotNull AdjustmentReason reason,
            @Size(max = 100) String reference) {}

    @Inject
    Mutiny.SessionFactory sessions;

    @Inject
    StockStore stock;

    @Inject
    Outbox outbox;

    @Inject
    Idempotency idempotency;

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
                .map(lookup -> StockView.of(known(lookup, locationId, sku).level()));
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
            @Valid @NotNull AdjustmentRequest request) {
        Caller who = caller.get();
        Access.require(Access.managingStore(who, locationId), "Stock at " + locationId);
        String refusal = request.reason().refusal(request.delta());
        if (refusal != null) {
            throw ProblemException.invalid("delta", refusal);
        }
        String scope = who.subject() + " POST /api/stock/" + locationId + "/" + sku + "/adjustments";
        return idempotency.run(
                key,
                scope,
                request,
                session -> stock.lookup(session, locationId, sku)
                        .invoke(lookup -> known(lookup, locationId, sku))
                        .chain(lookup -> stock.adjust(
                                session,
                                locationId,
                                sku,
                                request.delta(),
                                request.reason(),
                                request.reference(),
                                who.subject()))
                        .map(level -> level.orElseThrow(() -> ProblemException.conflict(
                                "The adjustment would take on hand below zero",
                                Map.of("locationId", locationId, "sku", sku))))
                        .call(level -> outbox.append(
                                session,
                                locationId + "/" + sku,
                                new StockAdjusted(
                                        locationId,
                                        sku,
                                        request.delta(),
                                        request.reason().name(),
                                        level.onHand(),
                                        request.reference(),
                                        who.subject())))
                        .map(level -> new Idempotency.Outcome(201, StockView.of(level))));
    }

    private static StockStore.Lookup known(StockStore.Lookup lookup, String locationId, String sku) {
        if (!lookup.locationExists()) {
            throw ProblemException.notFound("Location " + locationId);
        }
        if (!lookup.itemExists()) {
            throw ProblemException.notFound("Item " + sku);
        }
        return lookup;
    }
}
