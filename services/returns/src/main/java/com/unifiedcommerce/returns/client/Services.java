package com.unifiedcommerce.returns.client;

import java.util.List;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.unifiedcommerce.platform.calls.Refused;
import io.smallrye.mutiny.Uni;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/** Reads with a time limit, two retries (reads are safe to repeat) and a circuit breaker; a 4xx is {@link Refused}. */
@ApplicationScoped
public class Services {

    @Inject
    @RestClient
    OrderApi.Orders orders;

    @Inject
    @RestClient
    OrderApi.Locations locations;

    @Inject
    @RestClient
    OrderApi.Points points;

    @Inject
    @RestClient
    OrderApi.Exchanges exchanges;

    @Timeout(3_000)
    @Retry(maxRetries = 2, delay = 100, jitter = 50, abortOn = Refused.class)
    @CircuitBreaker(requestVolumeThreshold = 20, failureRatio = 0.5, delay = 5_000, skipOn = Refused.class)
    public Uni<OrderApi.Order> order(String id) {
        return orders.order(id).onFailure().transform(failure -> Refused.classify("order", failure));
    }

    @Timeout(3_000)
    @Retry(maxRetries = 2, delay = 100, jitter = 50, abortOn = Refused.class)
    @CircuitBreaker(requestVolumeThreshold = 20, failureRatio = 0.5, delay = 5_000, skipOn = Refused.class)
    public Uni<OrderApi.Location> location(String id) {
        return locations.location(id).onFailure().transform(failure -> Refused.classify("inventory", failure));
    }

    @Timeout(3_000)
    @Retry(maxRetries = 2, delay = 100, jitter = 50, abortOn = Refused.class)
    @CircuitBreaker(requestVolumeThreshold = 20, failureRatio = 0.5, delay = 5_000, skipOn = Refused.class)
    public Uni<OrderApi.OrderPoints> points(String orderId) {
        return points.points(orderId).onFailure().transform(failure -> Refused.classify("loyalty", failure));
    }

    @Timeout(3_000)
    @Retry(maxRetries = 2, delay = 100, jitter = 50, abortOn = Refused.class)
    @CircuitBreaker(requestVolumeThreshold = 20, failureRatio = 0.5, delay = 5_000, skipOn = Refused.class)
    public Uni<OrderApi.ItemList> items(List<String> skus) {
        return locations.items(skus).onFailure().transform(failure -> Refused.classify("inventory", failure));
    }

    /** Safe to retry: the order ledger answers a repeated return id with the same order. */
    @Timeout(5_000)
    @Retry(maxRetries = 2, delay = 200, jitter = 50, abortOn = Refused.class)
    @CircuitBreaker(requestVolumeThreshold = 20, failureRatio = 0.5, delay = 5_000, skipOn = Refused.class)
    public Uni<OrderApi.Order> placeExchange(OrderApi.ExchangeOrder order) {
        return exchanges
                .place(order.returnId(), order)
                .onFailure()
                .transform(failure -> Refused.classify("order", failure));
    }

    @Timeout(3_000)
    @Retry(maxRetries = 2, delay = 200, jitter = 50, abortOn = Refused.class)
    public Uni<OrderApi.Order> cancelExchange(String orderId, String returnId) {
        return exchanges
                .cancel(orderId, "cancel-exchange-" + returnId)
                .onFailure()
                .transform(failure -> Refused.classify("order", failure));
    }
}
