package com.unifiedcommerce.payment.jobs;

import java.time.Duration;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.unifiedcommerce.payment.app.CardAuthorisations;
import com.unifiedcommerce.platform.jobs.ScheduledRun;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Cancels, at the provider, the authorisations a checkout gave up while their outcome was unknown
 * (the provider timed out, then the checkout failed), once no later attempt has taken them over for
 * {@code payment.abandoned.after}: so a customer's money is never held for an order that was not
 * placed. Runs on every replica; rows are claimed with SKIP LOCKED and the provider's cancellation
 * is idempotent by its key.
 */
@ApplicationScoped
public class AbandonedAuthorisations {

    private static final Logger LOG = Logger.getLogger(AbandonedAuthorisations.class);

    @Inject
    CardAuthorisations authorisations;

    @ConfigProperty(name = "payment.abandoned.after")
    Duration after;

    @Scheduled(
            every = "${payment.abandoned.every}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> sweep() {
        return ScheduledRun.tryAgainLater(
                run().invoke(settled -> {
                    if (settled > 0) {
                        LOG.infof("cancelled %d abandoned card authorisations at the provider", settled);
                    }
                }),
                "Cancelling abandoned card authorisations");
    }

    /** One round (tests call it by hand): how many abandoned authorisations were cancelled. */
    public Uni<Integer> run() {
        return authorisations.cancelAbandoned(after.toSeconds(), 50);
    }
}
