package com.unifiedcommerce.order.jobs;

import java.time.Duration;
import java.util.List;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.unifiedcommerce.contracts.common.TenderType;
import com.unifiedcommerce.order.app.Lifecycle;
import com.unifiedcommerce.order.client.ReturnsApi;
import com.unifiedcommerce.order.client.Services;
import com.unifiedcommerce.order.domain.Order;
import com.unifiedcommerce.order.domain.OrderStatus;
import com.unifiedcommerce.order.store.Orders;
import com.unifiedcommerce.platform.jobs.ScheduledRun;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hibernate.reactive.mutiny.Mutiny;
import org.jboss.logging.Logger;

/**
 * Exchange replacements whose return never came. The returns service places the replacement
 * (PLACED, stock held) and then commits the return; if it stopped in between, nothing would ever
 * hand the replacement over or give its stock back. After {@code order.exchange-sweep.after} this
 * job tells the returns service it gives the return up: a return accepted meanwhile (its event is
 * merely late) hands the order over; otherwise the returns service marks the return abandoned, so
 * it can never be accepted later, and the order is cancelled (OrderCancelled releases the stock).
 * When the returns service cannot answer, the order waits for the next run. Each change locks the
 * order and re-checks it, so the sweep and the returns consumer cannot both act.
 */
@ApplicationScoped
public class ExchangeSweep {

    private static final Logger LOG = Logger.getLogger(ExchangeSweep.class);

    @Inject
    Mutiny.SessionFactory sessions;

    @Inject
    Orders orders;

    @Inject
    Lifecycle lifecycle;

    @Inject
    Services services;

    @ConfigProperty(name = "order.exchange-sweep.after")
    Duration after;

    @ConfigProperty(name = "order.exchange-sweep.batch", defaultValue = "50")
    int batch;

    @Scheduled(
            every = "${order.exchange-sweep.every}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> run() {
        return ScheduledRun.tryAgainLater(sweep(), "The exchange sweep");
    }

    /** One pass over the waiting replacements; emits how many were settled (handed over or cancelled). */
    public Uni<Integer> sweep() {
        return sessions.withSession(session -> orders.waitingExchanges(session, after, batch))
                .chain(waiting -> settleEach(waiting, 0, 0));
    }

    private Uni<Integer> settleEach(List<Order> waiting, int index, int settled) {
        if (index == waiting.size()) {
            return Uni.createFrom().item(settled);
        }
        Order order = waiting.get(index);
        return settle(order).chain(done -> settleEach(waiting, index + 1, settled + (done ? 1 : 0)));
    }

    private Uni<Boolean> settle(Order order) {
        String returnId = order.tenders().stream()
                .filter(t -> t.type() == TenderType.RETURN_CREDIT)
                .map(Order.Payment::reference)
                .findFirst()
                .orElseThrow();
        return services.abandonReturn(returnId)
                .map(ReturnsApi.Abandoned::accepted)
                .chain(exists -> sessions.withTransaction(session -> orders.lock(session, order.id())
                        .chain(found -> {
                            if (found.isEmpty() || found.get().status() != OrderStatus.PLACED) {
                                return Uni.createFrom().item(Boolean.FALSE);
                            }
                            Uni<Void> change = exists
                                    ? lifecycle.handOverExchange(
                                            session,
                                            found.get(),
                                            returnId,
                                            found.get().locationId())
                                    : lifecycle.abandonExchange(session, found.get(), returnId);
                            LOG.infof(
                                    "Exchange order %s: return %s %s",
                                    order.id(),
                                    returnId,
                                    exists ? "exists, handing it over" : "was never accepted, cancelling");
                            return change.replaceWith(Boolean.TRUE);
                        })))
                .onFailure()
                .invoke(failure -> LOG.warnf(
                        failure, "Exchange order %s could not be settled now; the next run tries again", order.id()))
                .onFailure()
                .recoverWithItem(Boolean.FALSE);
    }
}
