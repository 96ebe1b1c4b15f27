package com.unifiedcommerce.inventory.jobs;

import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.unifiedcommerce.contracts.inventory.ReservationReleased;
import com.unifiedcommerce.inventory.domain.ReservationStatus;
import com.unifiedcommerce.inventory.store.Reservations;
import com.unifiedcommerce.platform.jobs.ScheduledRun;
import com.unifiedcommerce.platform.outbox.Outbox;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Gives back the units of holds nobody confirmed in time (EXPIRED, ReservationReleased with
 * reason EXPIRED). Each batch claims its holds with FOR UPDATE SKIP LOCKED, so any number of
 * replicas run this side by side without expiring a hold twice; a committed hold never expires.
 */
@ApplicationScoped
public class HoldExpiry {

    public static final String ACTOR = "hold-expiry";

    @Inject
    Mutiny.SessionFactory sessions;

    @Inject
    Reservations reservations;

    @Inject
    Outbox outbox;

    @ConfigProperty(name = "inventory.hold-expiry.batch", defaultValue = "100")
    int batch;

    @ConfigProperty(name = "inventory.hold-expiry.max-batches", defaultValue = "20")
    int maxBatches;

    @Scheduled(
            every = "${inventory.hold-expiry.every:5s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> run() {
        return ScheduledRun.tryAgainLater(expireDue(), "Expiring holds");
    }

    /** Expires what is due, batch after batch, up to the configured number; emits how many. */
    public Uni<Integer> expireDue() {
        return Multi.createBy()
                .repeating()
                .uni(this::expireBatch)
                .whilst(expired -> expired == batch)
                .select()
                .first(maxBatches)
                .collect()
                .with(Collectors.summingInt(Integer::intValue));
    }

    private Uni<Integer> expireBatch() {
        return sessions.withTransaction(session -> reservations
                .due(session, batch)
                .chain(ids -> expireEach(session, ids).replaceWith(ids.size())));
    }

    private Uni<Void> expireEach(Mutiny.Session session, List<UUID> ids) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (UUID id : ids) {
            chain = chain.chain(() -> reservations
                    .giveBack(session, id, List.of(ReservationStatus.HELD), ReservationStatus.EXPIRED, ACTOR)
                    .chain(expired -> expired.isEmpty()
                            ? Uni.createFrom().voidItem()
                            : outbox.append(
                                            session,
                                            expired.get().locationId(),
                                            new ReservationReleased(
                                                    id.toString(),
                                                    expired.get().locationId(),
                                                    expired.get().reference(),
                                                    ReservationReleased.Reason.EXPIRED,
                                                    expired.get().lines()))
                                    .replaceWithVoid()));
        }
        return chain;
    }
}
