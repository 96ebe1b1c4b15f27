package com.unifiedcommerce.order.jobs;

import java.time.Duration;
import java.util.List;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.unifiedcommerce.order.app.CheckoutSaga;
import com.unifiedcommerce.order.store.CheckoutAttempts;
import com.unifiedcommerce.platform.jobs.ScheduledRun;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hibernate.reactive.mutiny.Mutiny;
import org.jboss.logging.Logger;

/**
 * Checkouts a crash left half-done (PENDING) or whose give-back failed (COMPENSATING), older than
 * {@code order.checkout-sweep.after}: each is claimed (SKIP LOCKED, so one replica each), undone
 * for its attempt only, and REJECTED. An attempt still running when it is claimed cannot place
 * its order any more (placing needs the row PENDING), so the sweep never undoes a placed order.
 */
@ApplicationScoped
public class CheckoutSweep {

    private static final Logger LOG = Logger.getLogger(CheckoutSweep.class);

    @Inject
    Mutiny.SessionFactory sessions;

    @Inject
    CheckoutAttempts attempts;

    @Inject
    CheckoutSaga saga;

    @ConfigProperty(name = "order.checkout-sweep.after")
    Duration after;

    @ConfigProperty(name = "order.checkout-sweep.batch", defaultValue = "50")
    int batch;

    @Scheduled(
            every = "${order.checkout-sweep.every}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> run() {
        return ScheduledRun.tryAgainLater(sweep(), "The checkout sweep");
    }

    /** One pass; emits how many checkouts were settled. */
    public Uni<Integer> sweep() {
        return sessions.withTransaction(session -> attempts.claimUnsettled(session, after, batch))
                .chain(claimed -> settleEach(claimed, 0, 0));
    }

    private Uni<Integer> settleEach(List<CheckoutAttempts.Unsettled> claimed, int index, int settled) {
        if (index == claimed.size()) {
            return Uni.createFrom().item(settled);
        }
        CheckoutAttempts.Unsettled checkout = claimed.get(index);
        LOG.infof("Checkout %s attempt %d was left unsettled; undoing it", checkout.id(), checkout.attempt());
        return saga.settle(checkout).chain(done -> settleEach(claimed, index + 1, settled + (done ? 1 : 0)));
    }
}
