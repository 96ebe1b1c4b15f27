package com.unifiedcommerce.inventory.app;

import java.util.Map;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import com.unifiedcommerce.contracts.inventory.StockAdjusted;
import com.unifiedcommerce.inventory.domain.AdjustmentReason;
import com.unifiedcommerce.inventory.domain.StockLevel;
import com.unifiedcommerce.inventory.store.StockStore;
import com.unifiedcommerce.platform.idempotency.Idempotency;
import com.unifiedcommerce.platform.outbox.Outbox;
import com.unifiedcommerce.platform.problem.ProblemException;
import com.unifiedcommerce.platform.request.Answer;
import com.unifiedcommerce.platform.security.Access;
import com.unifiedcommerce.platform.security.Caller;
import io.smallrye.mutiny.Uni;

/**
 * A store's manager changes on hand (a delivery, a count, damage), announced as StockAdjusted in
 * the same transaction. Never below zero; units held for orders are not protected from a count
 * that finds them gone: availability then shows zero and the holds fail when fulfilled.
 */
@ApplicationScoped
public class StockAdjustments {

    public record StockView(
            String locationId, String sku, int onHand, int reserved, int safetyStock, int damaged, int available) {

        public static StockView of(StockLevel level) {
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
    StockStore stock;

    @Inject
    Outbox outbox;

    @Inject
    Idempotency idempotency;

    /** 201 with the stock after it; 409 when it would take on hand below zero. */
    public Uni<Answer> adjust(Caller who, String locationId, String sku, String key, AdjustmentRequest request) {
        Access.require(Access.managingStore(who, locationId), "Stock at " + locationId);
        String refusal = request.reason().refusal(request.delta());
        if (refusal != null) {
            throw ProblemException.invalid("delta", refusal);
        }
        String scope = who.subject() + " POST /api/stock/" + locationId + "/" + sku + "/adjustments";
        return idempotency.answer(
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

    /** The lookup, when both the location and the item exist; 404 naming the one missing. */
    public static StockStore.Lookup known(StockStore.Lookup lookup, String locationId, String sku) {
        if (!lookup.locationExists()) {
            throw ProblemException.notFound("Location " + locationId);
        }
        if (!lookup.itemExists()) {
            throw ProblemException.notFound("Item " + sku);
        }
        return lookup;
    }
}
