package com.unifiedcommerce.it.chaos;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The machine standing still, as seen from the load's own JVM: a thread asks to wake every
 * {@link #TICK_MILLIS} and records each time it woke more than {@link #LATE_MILLIS} late. On two
 * cores shared by a dozen JVMs and the infrastructure, a fault's recovery (a PostgreSQL restart,
 * an instance starting again) can starve every process of CPU for seconds; the gateway's deadline
 * timer then fires late like this thread does. The checker does not count such time against an
 * answer: it looks for requests the system held past its time-out, not for a busy machine.
 */
final class Stalls implements AutoCloseable {

    static final long TICK_MILLIS = 50;
    static final long LATE_MILLIS = 250;

    /** A stretch during which the watch could not run. */
    record Stall(Instant from, Instant to) {
        long millis() {
            return Duration.between(from, to).toMillis();
        }
    }

    private final ConcurrentLinkedQueue<Stall> seen = new ConcurrentLinkedQueue<>();
    private final Thread watch;
    private volatile boolean running = true;

    private Stalls(boolean watching) {
        watch = watching ? Thread.ofPlatform().name("stall-watch").daemon().start(this::tick) : null;
    }

    /** Starts watching. */
    static Stalls watch() {
        return new Stalls(true);
    }

    /** Stalls already known (for the checker's rules as plain units). */
    static Stalls of(List<Stall> stalls) {
        Stalls known = new Stalls(false);
        known.seen.addAll(stalls);
        return known;
    }

    private void tick() {
        while (running) {
            long asleep = System.nanoTime();
            try {
                Thread.sleep(TICK_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
            long late = (System.nanoTime() - asleep) / 1_000_000 - TICK_MILLIS;
            if (late > LATE_MILLIS) {
                Instant now = Instant.now();
                seen.add(new Stall(now.minusMillis(late), now));
            }
        }
    }

    /** How long the machine stood still between {@code from} and {@code to}, in milliseconds. */
    long within(Instant from, Instant to) {
        long total = 0;
        for (Stall stall : seen) {
            Instant start = stall.from().isAfter(from) ? stall.from() : from;
            Instant end = stall.to().isBefore(to) ? stall.to() : to;
            if (end.isAfter(start)) {
                total += Duration.between(start, end).toMillis();
            }
        }
        return total;
    }

    int count() {
        return seen.size();
    }

    long totalMillis() {
        return seen.stream().mapToLong(Stall::millis).sum();
    }

    long longestMillis() {
        return seen.stream().mapToLong(Stall::millis).max().orElse(0);
    }

    @Override
    public void close() {
        running = false;
        if (watch != null) {
            watch.interrupt();
        }
    }
}
