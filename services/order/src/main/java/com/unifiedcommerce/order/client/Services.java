package com.unifiedcommerce.order.client;

import java.util.List;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.unifiedcommerce.platform.calls.Refused;
import io.smallrye.mutiny.Uni;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * Calls to inventory, loyalty and payment with a time limit, a few retries (safe: every call is keyed by
 * the order id, so a retry holds once), and a circuit breaker per call that stops hammering a
 * failing service. A 4xx answer is a decision ({@link Refused}): never retried, never counted.
 */
@ApplicationScoped
public class Services {

    static final String INVENTORY = "inventory";
    static final String LOYALTY = "loyalty";
    static final String RETURNS = "returns";
    static final String PAYMENT = "payment";

    @Inject
    @RestClient
    InventoryApi inventory;

    @Inject
    @RestClient
    ReturnsApi returns;

    @Inject
    @RestClient
    LoyaltyApi loyalty;

    @Inject
    @RestClient
    CustomerApi customers;

    @Inject
    @RestClient
    PaymentApi payments;

    @Timeout(2_000)
    @Retry(maxRetries = 2, delay = 100, jitter = 50, abortOn = Refused.class)
    @CircuitBreaker(requestVolumeThreshold = 20, failureRatio = 0.5, delay = 5_000, skipOn = Refused.class)
    public Uni<InventoryApi.ItemList> items(List<String> skus) {
        return inventory.items(skus).onFailure().transform(failure -> Refused.classify(INVENTORY, failure));
    }

    /** A location as inventory describes it (remembered by {@link CatalogueCache}). */
    @Timeout(2_000)
    @Retry(maxRetries = 2, delay = 100, jitter = 50, abortOn = Refused.class)
    @CircuitBreaker(requestVolumeThreshold = 20, failureRatio = 0.5, delay = 5_000, skipOn = Refused.class)
    public Uni<InventoryApi.Location> location(String id) {
        return inventory.location(id).onFailure().transform(failure -> Refused.classify(INVENTORY, failure));
    }

    /** Holds the order's lines for this attempt; keyed by order and attempt, so a retry holds once. */
    @Timeout(3_000)
    @Retry(maxRetries = 2, delay = 100, jitter = 50, abortOn = Refused.class)
    @CircuitBreaker(requestVolumeThreshold = 20, failureRatio = 0.5, delay = 5_000, skipOn = Refused.class)
    public Uni<InventoryApi.Reservation> reserve(InventoryApi.HoldRequest request) {
        return inventory
                .reserve(key(request.reference(), request.attempt(), "reserve"), request)
                .onFailure()
                .transform(failure -> Refused.classify(INVENTORY, failure));
    }

    /** The hold belongs to the order now and stops expiring (or is answered as it ended). */
    @Timeout(3_000)
    @Retry(maxRetries = 2, delay = 100, jitter = 50, abortOn = Refused.class)
    @CircuitBreaker(requestVolumeThreshold = 20, failureRatio = 0.5, delay = 5_000, skipOn = Refused.class)
    public Uni<InventoryApi.Reservation> commitStock(String reservationId, String orderId, int attempt) {
        return inventory
                .commit(reservationId, key(orderId, attempt, "commit"))
                .onFailure()
                .transform(failure -> Refused.classify(INVENTORY, failure));
    }

    /** Gives back the order's hold if this attempt (or an earlier one) took it. */
    @Timeout(3_000)
    @Retry(maxRetries = 2, delay = 100, jitter = 50, abortOn = Refused.class)
    public Uni<InventoryApi.Reservation> releaseStock(String orderId, int attempt) {
        return inventory
                .release(orderId, attempt, key(orderId, attempt, "release"))
                .onFailure()
                .transform(failure -> Refused.classify(INVENTORY, failure));
    }

    @Timeout(3_000)
    @Retry(maxRetries = 2, delay = 100, jitter = 50, abortOn = Refused.class)
    @CircuitBreaker(requestVolumeThreshold = 20, failureRatio = 0.5, delay = 5_000, skipOn = Refused.class)
    public Uni<LoyaltyApi.Hold> holdPoints(
            String customerId, String orderId, long points, int ttlSeconds, int attempt) {
        return loyalty.hold(
                        customerId,
                        key(orderId, attempt, "points"),
                        new LoyaltyApi.HoldRequest(orderId, points, ttlSeconds, attempt))
                .onFailure()
                .transform(failure -> Refused.classify(LOYALTY, failure));
    }

    @Timeout(3_000)
    @Retry(maxRetries = 2, delay = 100, jitter = 50, abortOn = Refused.class)
    public Uni<LoyaltyApi.Hold> releasePoints(String orderId, int attempt) {
        return loyalty.release(orderId, attempt, key(orderId, attempt, "release-points"))
                .onFailure()
                .transform(failure -> Refused.classify(LOYALTY, failure));
    }

    /** Holds a gift card tender's amount for this attempt; a repeat answers the same hold. */
    @Timeout(3_000)
    @Retry(maxRetries = 2, delay = 100, jitter = 50, abortOn = Refused.class)
    @CircuitBreaker(requestVolumeThreshold = 20, failureRatio = 0.5, delay = 5_000, skipOn = Refused.class)
    public Uni<PaymentApi.GiftCardHeld> holdGiftCard(String code, PaymentApi.GiftCardHold request) {
        return payments.holdGiftCard(code, key(request.orderId(), request.attempt(), "gift-card-" + code), request)
                .onFailure()
                .transform(failure -> Refused.classify(PAYMENT, failure));
    }

    /** Gives back what this attempt (or an older one) held on gift cards. */
    @Timeout(3_000)
    @Retry(maxRetries = 2, delay = 100, jitter = 50, abortOn = Refused.class)
    public Uni<PaymentApi.GiftCardsReleased> releaseGiftCards(String orderId, int attempt) {
        return payments.releaseGiftCards(
                        orderId, key(orderId, attempt, "release-gift-cards"), new PaymentApi.Release(attempt))
                .onFailure()
                .transform(failure -> Refused.classify(PAYMENT, failure));
    }

    /**
     * Authorises the card tender for this attempt. Not retried here: the payment service already
     * waited for the provider (up to its own time-out), and it answers 503 at once when the provider
     * is down; the client's retry of the checkout is a new attempt that takes the authorisation over.
     */
    @Timeout(5_000)
    @CircuitBreaker(requestVolumeThreshold = 20, failureRatio = 0.5, delay = 5_000, skipOn = Refused.class)
    public Uni<PaymentApi.Payment> authoriseCard(PaymentApi.Authorise request) {
        return payments.authorise(key(request.orderId(), request.attempt(), "authorise-card"), request)
                .onFailure()
                .transform(failure -> Refused.classify(PAYMENT, failure));
    }

    /** Gives back what this attempt authorised (voided, or cancelled later when its outcome is unknown). */
    @Timeout(5_000)
    @Retry(maxRetries = 2, delay = 100, jitter = 50, abortOn = Refused.class)
    public Uni<PaymentApi.Released> releaseCard(String orderId, int attempt) {
        return payments.release(orderId, key(orderId, attempt, "release-card"), new PaymentApi.Release(attempt))
                .onFailure()
                .transform(failure -> Refused.classify(PAYMENT, failure));
    }

    /** A page of inventory's open holds, for reconciliation. A read: safe to retry. */
    @Timeout(10_000)
    @Retry(maxRetries = 2, delay = 200, jitter = 50, abortOn = Refused.class)
    public Uni<InventoryApi.OpenPage> openHolds(String after, int size) {
        return inventory.open(after, size).onFailure().transform(failure -> Refused.classify(INVENTORY, failure));
    }

    /** A page of what the payment service moved per order, for reconciliation. A read: safe to retry. */
    @Timeout(10_000)
    @Retry(maxRetries = 2, delay = 200, jitter = 50, abortOn = Refused.class)
    public Uni<PaymentApi.MoneyPage> paymentMoney(String after, int size) {
        return payments.money(after, size).onFailure().transform(failure -> Refused.classify(PAYMENT, failure));
    }

    /** A page of the refunds the returns had confirmed per order, for reconciliation. A read: safe to retry. */
    @Timeout(10_000)
    @Retry(maxRetries = 2, delay = 200, jitter = 50, abortOn = Refused.class)
    public Uni<ReturnsApi.RefundPage> confirmedRefunds(String after, int size) {
        return returns.refunds(after, size).onFailure().transform(failure -> Refused.classify(RETURNS, failure));
    }

    /** Spends the customer service's proof that the customer is present, on a cause; a 4xx when it does not fit. */
    @Timeout(3_000)
    @Retry(maxRetries = 2, delay = 100, jitter = 50, abortOn = Refused.class)
    public Uni<Void> spendProof(String customerId, String proof, String storeId, String cause) {
        return customers
                .spend(customerId, proof, new CustomerApi.Spend(storeId, cause))
                .onFailure()
                .transform(failure -> Refused.classify("customer", failure));
    }

    /** Each attempt of a checkout has its own keys, so a new attempt never replays an earlier one's answers. */
    private static String key(String orderId, int attempt, String step) {
        return "order:" + orderId + ":" + attempt + ":" + step;
    }

    /**
     * The exchange sweep gives up on a return: accepted after all, or abandoned for good (it can
     * never be accepted later). Safe to retry: the answer never changes once given.
     */
    @Timeout(3_000)
    @Retry(maxRetries = 2, delay = 100, jitter = 50, abortOn = Refused.class)
    public Uni<ReturnsApi.Abandoned> abandonReturn(String returnId) {
        return returns.abandon(returnId).onFailure().transform(failure -> Refused.classify(RETURNS, failure));
    }
}
