package com.unifiedcommerce.platform.messaging;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.unifiedcommerce.platform.problem.Unreachable;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * How consumers handle an event: a handler that fails for a passing reason (the database or a
 * service unreachable, a time-out, a deadlock, an event that arrives before the one it depends
 * on) is tried again with capped exponential back-off, each try in a fresh transaction, for as long
 * as it takes; only its own partition waits meanwhile. While an event is stuck, a log line says so
 * once a minute and {@code commerce_consumer_stuck_seconds} shows for how long. A permanent failure
 * ({@link PermanentFailure}: unreadable, or a rule that can never pass) and a data error the
 * database keeps refusing are given up, so the connector's {@code failure-strategy=dead-letter-queue}
 * moves the record, with the error, to the dead-letter topic, and the partition goes on.
 */
@ApplicationScoped
public class Retrying {

    private static final Logger LOG = Logger.getLogger(Retrying.class);

    static final Duration FIRST_BACK_OFF = Duration.ofMillis(100);
    private static final Duration LOG_EVERY = Duration.ofMinutes(1);

    /** Tries of a data error (SQLSTATE class 22, 23) before it counts as permanent: enough for a race to pass. */
    public static final int DATA_ERROR_TRIES = 5;

    enum Kind {
        TRANSIENT,
        DATA_ERROR,
        PERMANENT
    }

    @Inject
    MeterRegistry registry;

    /** The longest wait between two tries of a stuck event. */
    @ConfigProperty(name = "commerce.consumer.max-back-off", defaultValue = "PT30S")
    Duration maxBackOff;

    /** Per consumer, the events being retried and since when (nanoTime). */
    private final Map<String, Map<UUID, Long>> stuck = new ConcurrentHashMap<>();

    private final Map<String, Counter> retries = new ConcurrentHashMap<>();

    /** Runs {@code handler} for {@code consumer}'s event until it succeeds or fails for good. */
    public Uni<Void> handle(String consumer, IncomingEvent event, Supplier<Uni<?>> handler) {
        return attempt(consumer, event, handler, 1, 0L);
    }

    private Uni<Void> attempt(
            String consumer, IncomingEvent event, Supplier<Uni<?>> handler, int tries, long loggedAt) {
        return Uni.createFrom()
                .deferred(handler)
                .replaceWithVoid()
                .invoke(() -> recovered(consumer, event, tries))
                .onFailure()
                .recoverWithUni(failure -> {
                    Kind kind = classify(failure);
                    if (kind == Kind.PERMANENT || (kind == Kind.DATA_ERROR && tries >= DATA_ERROR_TRIES)) {
                        forget(consumer, event);
                        Counter.builder("commerce.consumer.dead.letters")
                                .tag("consumer", consumer)
                                .description("Events this consumer gave up and sent to its dead-letter topic")
                                .register(registry)
                                .increment();
                        LOG.errorf(
                                failure,
                                "%s gives up event %s (%s) after %d tries; it goes to the dead-letter topic",
                                consumer,
                                event.id(),
                                event.type(),
                                tries);
                        return Uni.createFrom().failure(failure);
                    }
                    long now = System.nanoTime();
                    long since = stuckSince(consumer, event, now);
                    counter(consumer).increment();
                    long logged = loggedAt;
                    if (tries == 1 || now - loggedAt >= LOG_EVERY.toNanos()) {
                        LOG.warnf(
                                "%s cannot apply event %s (%s) yet, for %d s and %d tries; retrying: %s",
                                consumer,
                                event.id(),
                                event.type(),
                                Duration.ofNanos(now - since).toSeconds(),
                                tries,
                                failure.toString());
                        logged = now;
                    }
                    long next = logged;
                    return Uni.createFrom()
                            .voidItem()
                            .onItem()
                            .delayIt()
                            .by(backOff(tries, maxBackOff))
                            .chain(() -> attempt(consumer, event, handler, tries + 1, next));
                });
    }

    /** 100 ms, doubling, at most {@code max}, with a little jitter so replicas do not retry in step. */
    static Duration backOff(int tries, Duration max) {
        long millis = FIRST_BACK_OFF.toMillis() << Math.min(tries - 1, 20);
        long capped = Math.min(millis, max.toMillis());
        return Duration.ofMillis(capped + (long) (Math.random() * capped * 0.1));
    }

    static Kind classify(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof PermanentFailure || deterministic(cause)) {
                return Kind.PERMANENT;
            }
            String state = Unreachable.sqlState(cause);
            if (state != null && (state.startsWith("22") || state.startsWith("23"))) {
                return Kind.DATA_ERROR;
            }
            if (cause == cause.getCause()) {
                break;
            }
        }
        return Kind.TRANSIENT;
    }

    /**
     * A failure the same event will always meet again: an event shaped unlike its contract (a
     * missing field, a wrong type, a value out of range) or a fault in the code handling it.
     * Retrying would only hold the partition up; the dead-letter topic keeps it for a fix and a replay.
     */
    private static boolean deterministic(Throwable cause) {
        return cause instanceof NullPointerException
                || cause instanceof ClassCastException
                || cause instanceof IllegalArgumentException
                || cause instanceof ArithmeticException
                || cause instanceof IndexOutOfBoundsException
                || cause instanceof java.util.NoSuchElementException
                || cause instanceof java.time.DateTimeException
                || cause instanceof UnsupportedOperationException;
    }

    private long stuckSince(String consumer, IncomingEvent event, long now) {
        Map<UUID, Long> events = stuck.computeIfAbsent(consumer, this::register);
        return events.computeIfAbsent(event.id(), id -> now);
    }

    private void recovered(String consumer, IncomingEvent event, int tries) {
        if (tries > 1) {
            Long since = forget(consumer, event);
            LOG.infof(
                    "%s applied event %s (%s) after %d tries and %d s",
                    consumer,
                    event.id(),
                    event.type(),
                    tries,
                    since == null
                            ? 0
                            : Duration.ofNanos(System.nanoTime() - since).toSeconds());
        }
    }

    private Long forget(String consumer, IncomingEvent event) {
        Map<UUID, Long> events = stuck.get(consumer);
        return events == null ? null : events.remove(event.id());
    }

    private Map<UUID, Long> register(String consumer) {
        Map<UUID, Long> events = new ConcurrentHashMap<>();
        Gauge.builder("commerce.consumer.stuck.seconds", events, Retrying::oldestSeconds)
                .tag("consumer", consumer)
                .description("How long the oldest event this consumer keeps retrying has waited (0: none)")
                .register(registry);
        Gauge.builder("commerce.consumer.stuck.events", events, Map::size)
                .tag("consumer", consumer)
                .description("Events this consumer is retrying now")
                .register(registry);
        return events;
    }

    private Counter counter(String consumer) {
        return retries.computeIfAbsent(
                consumer,
                c -> Counter.builder("commerce.consumer.retries")
                        .tag("consumer", c)
                        .description("Failed tries of events that were then tried again")
                        .register(registry));
    }

    private static double oldestSeconds(Map<UUID, Long> events) {
        long now = System.nanoTime();
        return events.values().stream().mapToLong(since -> now - since).max().orElse(0L) / 1e9;
    }
}
