package com.unifiedcommerce.inventory.api;

import java.util.function.Supplier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;

import com.unifiedcommerce.platform.metrics.Observed;
import com.unifiedcommerce.platform.problem.ProblemException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;

/**
 * {@code commerce.holds.refused} by reason: short_stock (not enough for every line), item_changed
 * (priced from an item that changed since), superseded (a later checkout attempt holds for the
 * reference), unknown (SKU or location), conflict (the reference holds other lines or was
 * fulfilled), invalid, forbidden, error. {@code commerce.holds} counts the holds taken.
 */
@ApplicationScoped
public class HoldMetrics {

    @Inject
    MeterRegistry registry;

    public Uni<Response> counted(Supplier<Uni<Response>> hold) {
        return Observed.call(
                hold,
                response -> {
                    if (response.getStatus() == 201) {
                        Counter.builder("commerce.holds")
                                .description("Holds taken")
                                .register(registry)
                                .increment();
                    }
                },
                failure -> Counter.builder("commerce.holds.refused")
                        .description("Holds refused, by reason")
                        .tag("reason", reason(failure))
                        .register(registry)
                        .increment());
    }

    static String reason(Throwable failure) {
        if (!(failure instanceof ProblemException problem)) {
            return "error";
        }
        if (problem.extensions().containsKey("shortLines")) {
            return "short_stock";
        }
        if (problem.extensions().containsKey("changedItems")) {
            return "item_changed";
        }
        if (problem.extensions().containsKey("superseded")) {
            return "superseded";
        }
        return switch (problem.type()) {
            case VALIDATION ->
                problem.errors().stream()
                                .anyMatch(e -> e.reason() != null && e.reason().startsWith("no such"))
                        ? "unknown"
                        : "invalid";
            case NOT_FOUND -> "unknown";
            case CONFLICT -> "conflict";
            case FORBIDDEN -> "forbidden";
            default -> problem.type().name().toLowerCase();
        };
    }
}
