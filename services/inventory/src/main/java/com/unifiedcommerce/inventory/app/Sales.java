package com.unifiedcommerce.inventory.app;

import java.util.List;
import java.util.Map;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import com.unifiedcommerce.contracts.inventory.StockLine;
import com.unifiedcommerce.inventory.app.HoldRequest.LineInput;
import com.unifiedcommerce.inventory.domain.HoldRequestRules;
import com.unifiedcommerce.inventory.store.Movements;
import com.unifiedcommerce.platform.idempotency.Idempotency;
import com.unifiedcommerce.platform.problem.ProblemException;
import com.unifiedcommerce.platform.request.Answer;
import com.unifiedcommerce.platform.security.Access;
import com.unifiedcommerce.platform.security.Caller;
import io.smallrye.mutiny.Uni;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Counter sales (carry-out): the units leave the store at once, so on hand goes down now, all
 * lines or none, never below zero and never into units held for pickups, in one statement. The
 * sale's reference (its order id) takes stock only once.
 */
@ApplicationScoped
public class Sales {

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

    /** 201 with the sale; 200 for a repeat with the same lines; 409 when a line is short (nothing taken). */
    public Uni<Answer> sell(Caller who, String locationId, String key, SaleRequest request) {
        Access.require(Access.atStore(who, locationId), "Location " + locationId);
        List<StockLine> lines = LineRules.sorted(request.lines());
        String scope = who.subject() + " POST /api/stock/" + locationId + "/sales";
        return idempotency.answer(
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
