package com.unifiedcommerce.platform.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.Test;

/** Which failures a consumer waits out and which it gives up on, and how long it waits. */
class RetryingTest {

    @Test
    void onlyWhatCanNeverPassIsGivenUp() {
        assertEquals(Retrying.Kind.PERMANENT, Retrying.classify(new PermanentFailure("unreadable")));
        assertEquals(
                Retrying.Kind.PERMANENT,
                Retrying.classify(new IllegalStateException("wrapped", new PermanentFailure("rule"))));
        assertEquals(Retrying.Kind.TRANSIENT, Retrying.classify(new IllegalStateException("session closed")));
        assertEquals(
                Retrying.Kind.PERMANENT,
                Retrying.classify(new RuntimeException(new NullPointerException("no orderId"))),
                "an event without a field its contract requires never applies");
        assertEquals(Retrying.Kind.TRANSIENT, Retrying.classify(new TimeoutException("slow")));
        assertEquals(
                Retrying.Kind.TRANSIENT,
                Retrying.classify(new RuntimeException(new SQLException("gone", "08006"))),
                "a lost connection is waited out");
        assertEquals(
                Retrying.Kind.TRANSIENT,
                Retrying.classify(new SQLException("deadlock", "40P01")),
                "a deadlock is waited out");
        assertEquals(
                Retrying.Kind.DATA_ERROR,
                Retrying.classify(new RuntimeException(new SQLException("duplicate", "23505"))),
                "a constraint is tried a few times (a race), then given up");
        assertEquals(Retrying.Kind.DATA_ERROR, Retrying.classify(new SQLException("overflow", "22003")));
    }

    @Test
    void theWaitDoublesFromATenthOfASecondUpToItsCap() {
        Duration cap = Duration.ofSeconds(30);
        assertTrue(between(Retrying.backOff(1, cap), 100, 110));
        assertTrue(between(Retrying.backOff(2, cap), 200, 220));
        assertTrue(between(Retrying.backOff(5, cap), 1_600, 1_760));
        assertTrue(between(Retrying.backOff(12, cap), 30_000, 33_000));
        assertTrue(between(Retrying.backOff(1_000, cap), 30_000, 33_000), "never more than the cap, however long");
    }

    private static boolean between(Duration wait, long low, long high) {
        return wait.toMillis() >= low && wait.toMillis() <= high;
    }
}
