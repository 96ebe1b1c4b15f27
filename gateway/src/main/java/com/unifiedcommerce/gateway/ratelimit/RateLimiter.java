package com.unifiedcommerce.gateway.ratelimit;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Token buckets, one per caller key: {@code burst} requests at once, refilled at
 * {@code perSecond}. Integer arithmetic in billionths of a token, so no rounding drifts. Buckets
 * live in this process: with several gateway replicas each enforces the limit on what it sees.
 */
public final class RateLimiter {

    private static final long ONE = 1_000_000_000L;

    /** The answer for one request: allowed, or refused with the whole seconds to wait. */
    public record Decision(boolean allowed, long retryAfterSeconds) {
        static final Decision ALLOWED = new Decision(true, 0);
    }

    private record Bucket(long tokens, long updatedNanos) {}

    private final long capacity;
    private final long perSecond;
    private final long fullAfterNanos;
    private final ConcurrentMap<String, Bucket> buckets = new ConcurrentHashMap<>();

    public RateLimiter(int burst, int perSecond) {
        if (burst < 1 || perSecond < 1) {
            throw new IllegalArgumentException("burst and perSecond must be at least 1");
        }
        this.capacity = burst * ONE;
        this.perSecond = perSecond;
        this.fullAfterNanos = capacity / perSecond + 1;
    }

    /** Takes one token from {@code key}'s bucket at time {@code nowNanos} (a monotonic clock). */
    public Decision acquire(String key, long nowNanos) {
        Decision[] decision = new Decision[1];
        buckets.compute(key, (k, bucket) -> {
            long tokens = bucket == null ? capacity : refilled(bucket, nowNanos);
            if (tokens >= ONE) {
                decision[0] = Decision.ALLOWED;
                return new Bucket(tokens - ONE, nowNanos);
            }
            long waitNanos = (ONE - tokens + perSecond - 1) / perSecond;
            decision[0] = new Decision(false, Math.max(1, (waitNanos + ONE - 1) / ONE));
            return new Bucket(tokens, nowNanos);
        });
        return decision[0];
    }

    /** Forgets buckets that have refilled completely: they would answer as a new one does. */
    public void sweep(long nowNanos) {
        buckets.entrySet().removeIf(entry -> nowNanos - entry.getValue().updatedNanos() >= fullAfterNanos);
    }

    int size() {
        return buckets.size();
    }

    private long refilled(Bucket bucket, long nowNanos) {
        long elapsed = Math.min(Math.max(0, nowNanos - bucket.updatedNanos()), fullAfterNanos);
        return Math.min(capacity, bucket.tokens() + elapsed * perSecond);
    }
}
