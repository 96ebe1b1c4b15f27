package com.unifiedcommerce.inventory.api;

import java.util.List;
import java.util.Map;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;

import com.unifiedcommerce.contracts.inventory.StockLine;
import com.unifiedcommerce.inventory.app.HoldRequest.LineInput;
import com.unifiedcommerce.inventory.app.LineRules;
import com.unifiedcommerce.inventory.app.Patterns;
import com.unifiedcommerce.inventory.domain.HoldRequestRules;
import com.unifiedcommerce.inventory.store.Movements;
import com.unifiedcommerce.platform.idempotency.Idempotency;
import com.unifiedcommerce.platform.problem.ProblemException;
import com.unifiedcommerce.platform.security.Access;
import com.unifiedcommerce.platform.security.Caller;
import com.unifiedcommerce.platform.security.CurrentCaller;
import io.smallrye.mutiny.Uni;
import org.hibernate.reactive.mutiny.Mutiny;
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

    public record SaleRequest(
            @NotBlank @Size(max = 100) @Pattern(regexp = "^[\\x21-\\x7E]+$", message = "must be visible ASCII")
            String reference,

            @NotEmpty @Size(max = HoldRequestRules.MAX_LINES)
            List<@Valid @NotNull LineInput> lines) {}

    public record SaleView(String reference, String locationId, List<StockLine> lines) {}

    @Inject
    Movements movements;

    @Inject
    Idempotency idempotency;

    @Inject
    CurrentCaller caller;

    @POST
    public Uni<Response> sell(
            @PathParam("locationId") @Pattern(regexp = Patterns.LOCATION, message = Patterns.LOCATION_MESSAGE)
                    String locationId,
            @HeaderParam(Idempotency.HEADER) String key,
            @Valid @NotNull SaleRequest request) {
        Caller who = caller.get();
        Access.require(Access.atStore(who, locationId), "Location " + locationId);
        List<StockLine> lines = LineRules.sorted(request.lines());
        String scope = who.subject() + " POST /api/stock/" + locationId + "/sales";
        return idempotency.run(
                key,
                scope,
                request,
                session -> movements
                        .sell(session, request.reference(), locationId, lines, who.subject())
                        .chain(sale -> outcome(session, sale, request, locationId, lines)));
    }

    private Uni<Idempotency.Outcome> outcome(
            Mutiny.Session session,
            Movements.Sale sale,
            SaleRequest request,
            String locationId,
            List<StockLine> lines) {
        if (sale.recorded()) {
            return Uni.createFrom()
                    .item(new Idempotency.Outcome(201, new SaleView(request.reference(), locationId, lines)));
        }
        if (!sale.locationExists()) {
            throw ProblemException.notFound("Location " + locationId);
        }
        if (sale.replay()) {
            return movements.sale(session, request.reference()).map(earlier -> {
                if (earlier.isEmpty() || !earlier.get().equals(lines)) {
                    throw ProblemException.conflict(
                            "The reference " + request.reference() + " was already sold with other lines", Map.of());
                }
                return new Idempotency.Outcome(200, new SaleView(request.reference(), locationId, lines));
            });
        }
        if (!sale.unknownSkus().isEmpty()) {
            throw LineRules.unknownSkus(request.lines(), sale.unknownSkus());
        }
        throw ProblemException.conflict(
                "Not enough stock on the shelf at " + locationId + " for every line; nothing was taken",
                Map.of("shortLines", sale.shortLines()));
    }
}
