package com.unifiedcommerce.infra.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

/** Waiting for a consumer: asks again every 100 ms until the answer is the expected one, or 20 s (or a limit) pass. */
public final class Eventually {

    private static final Duration LIMIT = Duration.ofSeconds(20);

    private Eventually() {}

    public static <T> void equal(T expected, Supplier<T> actual) {
        equal(expected, actual, LIMIT);
    }

    /** As {@link #equal(Object, Supplier)}, waiting up to {@code limit} (after a fault, say). */
    public static <T> void equal(T expected, Supplier<T> actual, Duration limit) {
        Instant deadline = Instant.now().plus(limit);
        T last = actual.get();
        while (!expected.equals(last) && Instant.now().isBefore(deadline)) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
            last = actual.get();
        }
        assertEquals(expected, last);
    }
}
