package com.unifiedcommerce.platform.messaging;

import java.time.Duration;
import java.util.function.Supplier;

import io.smallrye.mutiny.Uni;

/**
 * How consumers handle an event: a failing handler is tried again a few times with back-off
 * (each try in a fresh transaction); if it still fails the failure reaches the connector, whose
 * {@code failure-strategy=dead-letter-queue} moves the record, with the error, to the dead-letter
 * topic, and the partition goes on.
 */
public final class Retrying {

    public static final int RETRIES = 3;
    private static final Duration FIRST_BACK_OFF = Duration.ofMillis(100);
    private static final Duration MAX_BACK_OFF = Duration.ofSeconds(2);

    private Retrying() {}

    public static Uni<Void> handle(Supplier<Uni<?>> handler) {
        return Uni.createFrom()
                .deferred(handler)
                .onFailure()
                .retry()
                .withBackOff(FIRST_BACK_OFF, MAX_BACK_OFF)
                .atMost(RETRIES)
                .replaceWithVoid();
    }
}
