package com.unifiedcommerce.platform.jobs;

import io.smallrye.mutiny.Uni;
import org.jboss.logging.Logger;

/**
 * How a scheduled job ends a run that failed: the failure is logged with what was being done, and
 * the run completes, so the scheduler keeps its rhythm and the next run tries again. Jobs claim
 * their rows with SKIP LOCKED and are idempotent, so trying again is always safe.
 */
public final class ScheduledRun {

    private static final Logger LOG = Logger.getLogger(ScheduledRun.class);

    private ScheduledRun() {}

    /** {@code run}, whose failure is logged as "{@code what} failed" and then left to the next run. */
    public static Uni<Void> tryAgainLater(Uni<?> run, String what) {
        return run.onFailure()
                .invoke(failure -> LOG.warnf(failure, "%s failed; the next run tries again", what))
                .onFailure()
                .recoverWithNull()
                .replaceWithVoid();
    }
}
