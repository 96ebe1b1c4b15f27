package com.unifiedcommerce.customer.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

/** Recording a delivered message, as a plain unit: tried again while the store is away, then given up loudly. */
class RecordingRetryTest {

    @Test
    void aStoreAwayForAWhileIsTriedAgainWithGrowingPausesUntilTheRecordIsWritten() {
        AtomicInteger tries = new AtomicInteger();
        List<Long> pauses = new ArrayList<>();
        Notifications.untilRecorded(
                () -> {
                    if (tries.incrementAndGet() < 4) {
                        throw new IllegalStateException("MongoDB restarting");
                    }
                },
                Duration.ofMinutes(2),
                pauses::add);
        assertEquals(4, tries.get());
        assertEquals(List.of(200L, 400L, 800L), pauses);
    }

    @Test
    void pastItsPatienceTheLastFailureIsThrownNotSwallowed() {
        IllegalStateException away = new IllegalStateException("MongoDB away");
        IllegalStateException thrown = assertThrows(
                IllegalStateException.class,
                () -> Notifications.untilRecorded(
                        () -> {
                            throw away;
                        },
                        Duration.ZERO,
                        millis -> {}));
        assertSame(away, thrown);
    }
}
