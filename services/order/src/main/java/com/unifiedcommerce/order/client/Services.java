package com.unifiedcommerce.order.client;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.unifiedcommerce.platform.calls.Refused;
import io.smallrye.mutiny.Uni;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * Calls to inventory and loyalty with a time limit, a few retries (safe: every call is keyed by
 * the order id, so a retry holds once), and a circuit breaker per call that stops hammering a
 * failing service. A 4xx answer is a decision ({@link Refused}): never retried, never counted.
 */
@ApplicationScoped
public class Services {

    static final String INVENTORY = "inventory";
    static final String LOYALTY = "loyalty";
    static final String RETURNS = "returns";

    @Inject
    @RestClient
    InventoryApi inventory;

    @Inject
    @RestClient
    ReturnsApi returns;

    @Inject
    @RestClient
    LoyaltyApi loyalty;

    @Timeout(2_000)
    @Retry(maxRetries = 2, delay = 100, jitter = 50, abortOn = Refused.class)
    @CircuitBreaker(requestVolumeThreshold = 20, failureRatio = 0.5, delay = 5_000, skipOn = Refused.class)
    public Uni<InventoryApi.ItemList> items(List<String> skus) {
        return inventory.items(skus).onFailure().transform(failure -> Refused.classify(INVENTORY, failure));
    }

    /**
     * A location as inventory describes it, remembered for a minute: stores change their pickup
     * settings rarely, and checkout asks for the pickup store on every order.
     */
    @Timeout(2_000)
    @Retry(maxRetries = 2, delay = 100, jitter = 50, abortOn = Refused.class)
    @CircuitBreaker(requestVolumeThreshold = 20, failureRatio = 0.5, delay = 5_000, skipOn = Refused.class)
    public Uni<InventoryApi.Location> location(String id) {
        Remembered known = locations.get(id);
        if (known != null && known.until() > System.nanoTime()) {
            return Uni.createFrom().item(known.location());
        }
        return inventory
                .location(id)
                .invoke(location -> locations.put(id, new Remembered(location, System.nanoTime() + LOCATION_TTL_NANOS)))
                .onFailure()
                .transform(failure -> Refused.classify(INVENTORY, failure));
    }

    private record Remembered(InventoryApi.Location location, long until) {}

    private static final long LOCATION_TTL_NANOS = 60_000_000_000L;
    private final Map<String, Remembered> locations = new ConcurrentHashMap<>();

    @Timeout(3_000)
    @Retry(maxRetries = 2, delay = 100, jitter = 50, abortOn = Refused.class)
    @CircuitBreaker(requestVolumeThreshold = 20, failureRatio = 0.5, delay = 5_000, skipOn = Refused.class)
    public Uni<InventoryApi.Reservation> reserve(InventoryApi.HoldRequest request) {
        return inventory
                .reserve("order:" + request.reference() + ":reserve", request)
                .onFailure()
                .transform(failure -> Refused.classify(INVENTORY, failure));
    }

    @Timeout(3_000)
    @Retry(maxRetries = 2, delay = 100, jitter = 50, abortOn = Refused.class)
    public Uni<InventoryApi.Reservation> releaseStock(String reservationId, String orderId) {
        return inventory
                .release(reservationId, "order:" + orderId + ":release")
                .onFailure()
                .transform(failure -> Refused.classify(INVENTORY, failure));
    }

    @Timeout(3_000)
    @Retry(maxRetries = 2, delay = 100, jitter = 50, abortOn = Refused.class)
    @CircuitBreaker(requestVolumeThreshold = 20, failureRatio = 0.5, delay = 5_000, skipOn = Refused.class)
    public Uni<LoyaltyApi.Hold> holdPoints(String customerId, String orderId, long points, int ttlSeconds) {
        return loyalty.hold(
                        customerId,
                        "order:" + orderId + ":points",
                        new LoyaltyApi.HoldRequest(orderId, points, ttlSeconds))
                .onFailure()
                .transform(failure -> Refused.classify(LOYALTY, failure));
    }

    @Timeout(3_000)
    @Retry(maxRetries = 2, delay = 100, jitter = 50, abortOn = Refused.class)
    public Uni<LoyaltyApi.Hold> releasePoints(String orderId) {
        return loyalty.release(orderId, "order:" + orderId + ":release")
                .onFailure()
                .transform(failure -> Refused.classify(LOYALTY, failure));
    }

    /** The return as accepted; {@link Refused} with 404 when it never was. A read: safe to retry. */
    @Timeout(3_000)
    @Retry(maxRetries = 2, delay = 100, jitter = 50, abortOn = Refused.class)
    public Uni<ReturnsApi.Accepted> acceptedReturn(String returnId) {
        return returns.accepted(returnId).onFailure().transform(failure -> Refused.classify(RETURNS, failure));
    }
}
