package com.unifiedcommerce.gateway.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RateLimiterTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void aBurstIsAllowedThenRefusedWithTheSecondsToWait() {
        RateLimiter limiter = new RateLimiter(3, 1);
        for (int i = 0; i < 3; i++) {
            assertTrue(limiter.acquire("alice", 0).allowed());
        }
        RateLimiter.Decision refused = limiter.acquire("alice", 0);
        assertFalse(refused.allowed());
        assertEquals(1, refused.retryAfterSeconds());
    }

    @Test
    void tokensComeBackAtTheRateAndNeverAboveTheBurst() {
        RateLimiter limiter = new RateLimiter(2, 4);
        assertTrue(limiter.acquire("k", 0).allowed());
        assertTrue(limiter.acquire("k", 0).allowed());
        assertFalse(limiter.acquire("k", 0).allowed());
        assertTrue(limiter.acquire("k", SECOND / 4).allowed(), "a quarter second refills one at 4/s");
        assertFalse(limiter.acquire("k", SECOND / 4).allowed());
        long muchLater = 3_600 * SECOND;
        assertTrue(limiter.acquire("k", muchLater).allowed());
        assertTrue(limiter.acquire("k", muchLater).allowed());
        assertFalse(limiter.acquire("k", muchLater).allowed(), "an idle hour refills only up to the burst");
    }

    @Test
    void retryAfterCoversASlowRate() {
        RateLimiter limiter = new RateLimiter(1, 1);
        assertTrue(limiter.acquire("k", 0).allowed());
        assertEquals(1, limiter.acquire("k", SECOND / 10).retryAfterSeconds());
    }

    @Test
    void callersHaveTheirOwnBuckets() {
        RateLimiter limiter = new RateLimiter(1, 1);
        assertTrue(limiter.acquire("alice", 0).allowed());
        assertFalse(limiter.acquire("alice", 0).allowed());
        assertTrue(limiter.acquire("bob", 0).allowed());
    }

    @Test
    void fullBucketsAreForgotten() {
        RateLimiter limiter = new RateLimiter(2, 1);
        limiter.acquire("alice", 0);
        limiter.acquire("bob", 2 * SECOND);
        limiter.sweep(3 * SECOND);
        assertEquals(1, limiter.size(), "alice's bucket is full again after 3 s; bob's is not");
    }

    @Test
    void nonsenseLimitsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new RateLimiter(0, 1));
        assertThrows(IllegalArgumentException.class, () -> new RateLimiter(1, 0));
    }
}
