package com.unifiedcommerce.order.api;

import java.util.function.Supplier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;

import com.unifiedcommerce.contracts.common.Channel;
import com.unifiedcommerce.platform.idempotency.Idempotency;
import com.unifiedcommerce.platform.metrics.Observed;
import com.unifiedcommerce.platform.problem.ProblemException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;

/**
 * {@code commerce.checkouts} by channel and outcome, counted when the answer is known: placed (a new
 * order), replayed (a repeat answered from its Idempotency-Key), refused with the problem's type
 * (conflict: short stock or points; validation: a rule of the checkout; forbidden...), or error
 * (anything else: a service down, a time-out).
 */
@ApplicationScoped
public class CheckoutMetrics {

    @Inject
    MeterRegistry registry;

    public Uni<Response> counted(Channel channel, Supplier<Uni<Response>> checkout) {
        return Observed.call(
                checkout, response -> count(channel, outcome(response)), failure -> count(channel, outcome(failure)));
    }

    static String outcome(Response response) {
        if ("true".equals(response.getHeaderString(Idempotency.REPLAYED_HEADER))) {
            return "replayed";
        }
        return response.getStatus() == 201 ? "placed" : "status_" + response.getStatus();
    }

    static String outcome(Throwable failure) {
        return failure instanceof ProblemException problem
                ? "refused_" + problem.type().name().toLowerCase()
                : "error";
    }

    private void count(Channel channel, String outcome) {
        Counter.builder("commerce.checkouts")
                .description("Checkouts answered, by channel and outcome")
                .tag("channel", channel == null ? "none" : channel.name())
                .tag("outcome", outcome)
                .register(registry)
                .increment();
    }
}
