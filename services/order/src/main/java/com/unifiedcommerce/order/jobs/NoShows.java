package com.unifiedcommerce.order.jobs;

import java.util.List;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.unifiedcommerce.order.app.Lifecycle;
import com.unifiedcommerce.order.domain.Order;
import com.unifiedcommerce.order.store.Orders;
import com.unifiedcommerce.platform.jobs.ScheduledRun;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Cancels ready orders nobody collected by the store's deadline (reason NO_SHOW): the stock goes
 * back and the points spent come back through OrderCancelled. Orders are claimed with SKIP
 * LOCKED in the transaction that cancels them, so replicas never cancel one twice.
 */
@ApplicationScoped
public class NoShows {

    @Inject
    Mutiny.SessionFactory sessions;

    @Inject
    Orders orders;

    @Inject
    Lifecycle lifecycle;

    @ConfigProperty(name = "order.no-show.batch", defaultValue = "100")
    int batch;

    @Scheduled(
            every = "${order.no-show.every:30s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> run() {
        return ScheduledRun.tryAgainLater(cancelDue(), "Cancelling no-shows");
    }

    /** Cancels every due no-show, batch after batch; emits how many. */
    public Uni<Integer> cancelDue() {
        return sessions.withTransaction(session -> orders.claimNoShows(session, batch)
                        .chain(due -> cancelEach(session, due).replaceWith(due.size())))
                .chain(done ->
                        done < batch ? Uni.createFrom().item(done) : cancelDue().map(more -> done + more));
    }

    private Uni<Void> cancelEach(Mutiny.Session session, List<Order> due) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (Order order : due) {
            chain = chain.chain(() -> lifecycle.noShow(session, order));
        }
        return chain;
    }
}
