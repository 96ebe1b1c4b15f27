package com.unifiedcommerce.platform.outbox;

/**
 * When the relay runs its next round. The writers of this process tell the relay how many events
 * they wrote ({@link OutboxRelay#written}), and wake it; the relay counts them against what its
 * rounds publish. While some are owed (their transaction has not committed yet, or rolled back, or
 * another replica's relay sent them) it looks again after a short wait that doubles each time a
 * round finds nothing, and gives them up at the poll interval, which is also its wait when nothing
 * is owed: events written by another process (a replica that died before its relay sent them) are
 * found by that poll. One relay thread uses it; it starts nothing and reads no clock.
 */
final class RelayPacing {

    /** The first wait for a writer's transaction to commit: about one commit's fsync. */
    static final long FIRST_RETRY_NANOS = 2_000_000;

    private final long pollNanos;
    private long accounted;
    private long retryNanos;

    RelayPacing(long pollNanos) {
        this.pollNanos = pollNanos;
    }

    /**
     * After a round that published {@code published} events: nanoseconds until the next round (0 =
     * at once; a writer's wake-up ends a wait early). {@code written} is how many events this
     * process's writers have announced so far.
     */
    long afterRound(int published, boolean mayHaveMore, long written) {
        accounted += published;
        if (mayHaveMore) {
            retryNanos = 0;
            return 0;
        }
        if (accounted >= written) {
            return caughtUp(written);
        }
        retryNanos = published > 0 || retryNanos == 0 ? FIRST_RETRY_NANOS : retryNanos * 2;
        if (retryNanos >= pollNanos) {
            // Never committed, or sent by another relay: the poll finds any still there.
            return caughtUp(written);
        }
        return retryNanos;
    }

    private long caughtUp(long written) {
        accounted = written;
        retryNanos = 0;
        return pollNanos;
    }
}
