package com.unifiedcommerce.platform.outbox;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;

import com.unifiedcommerce.contracts.loyalty.TierChanged;
import com.unifiedcommerce.platform.messaging.Inbox;
import com.unifiedcommerce.platform.messaging.IncomingEvent;
import com.unifiedcommerce.platform.messaging.PermanentFailure;
import com.unifiedcommerce.platform.messaging.Retrying;
import com.unifiedcommerce.platform.problem.ProblemException;
import com.unifiedcommerce.platform.problem.ProblemType;
import io.smallrye.mutiny.Uni;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * The example a service follows: change state and append the event in one transaction (the
 * resource), and apply events idempotently through the inbox (the consumer).
 */
@Path("/toy/counters")
@ApplicationScoped
public class ToyCounters {

    public record Incremented(String counterId, int value) {}

    @Inject
    Mutiny.SessionFactory sessions;

    @Inject
    Outbox outbox;

    @Inject
    Inbox inbox;

    @Inject
    Retrying retrying;

    @ConfigProperty(name = "toy.topic")
    String topic;

    @POST
    @Path("/{id}/increment")
    public Uni<Map<String, Object>> increment(@PathParam("id") String id, @QueryParam("fail") boolean fail) {
        return sessions.withTransaction(session -> session.createNativeQuery(
                                "INSERT INTO toy_counter (id, value) VALUES (?1, 1)"
                                        + " ON CONFLICT (id) DO UPDATE SET value = toy_counter.value + 1 RETURNING value",
                                Integer.class)
                        .setParameter(1, id)
                        .getSingleResult()
                        .call(value -> outbox.append(
                                session,
                                new OutboxEvent(topic, id, "ToyCounterIncremented", new Incremented(id, value))))
                        .invoke(value -> {
                            if (fail) {
                                throw new ProblemException(ProblemType.CONFLICT, "asked to fail after appending");
                            }
                        }))
                .map(value -> Map.of("id", id, "value", value));
    }

    /** A contracts event: its type and topic follow from the payload record. */
    @POST
    @Path("/{id}/promote")
    public Uni<Void> promote(@PathParam("id") String id) {
        return sessions.withTransaction(session -> outbox.append(session, id, new TierChanged(id, "SILVER", "GOLD")))
                .replaceWithVoid();
    }

    @GET
    @Path("/{id}/effect")
    public Uni<Integer> effect(@PathParam("id") String id) {
        return sessions.withSession(session -> session.createNativeQuery(
                        "SELECT coalesce((SELECT applied FROM toy_effect WHERE id = ?1), 0)", Integer.class)
                .setParameter(1, id)
                .getSingleResult());
    }

    /** How often the consumer tried each poison or flaky event (tests read it). */
    static final Map<String, AtomicInteger> ATTEMPTS = new ConcurrentHashMap<>();

    /** Poison counters whose cause was fixed (tests add them): their events apply when replayed. */
    static final Set<String> CURED = ConcurrentHashMap.newKeySet();

    /** Tries a "flaky-..." counter fails before it applies. */
    static final int FLAKY_FAILURES = 3;

    /**
     * Counts each event it applies; the inbox makes a redelivered event change nothing. Events of
     * counters named "poison-..." break a rule for good (a permanent failure: dead-letter topic);
     * "flaky-..." ones fail {@link #FLAKY_FAILURES} times as an unreachable database would, then apply.
     */
    @Incoming("toy-counters")
    public Uni<Void> apply(ConsumerRecord<String, byte[]> record) {
        IncomingEvent event = IncomingEvent.from(record);
        return retrying.handle(
                "toy-effects",
                event,
                () -> sessions.withTransaction(session -> inbox.once(session, "toy-effects", event.id(), () -> {
                    String key = record.key();
                    if ((key.startsWith("poison-") && !CURED.contains(key)) || key.startsWith("flaky-")) {
                        int attempt = ATTEMPTS.computeIfAbsent(key, k -> new AtomicInteger())
                                .incrementAndGet();
                        if (key.startsWith("poison-")) {
                            return Uni.createFrom().failure(new PermanentFailure("cannot apply " + key));
                        }
                        if (attempt <= FLAKY_FAILURES) {
                            return Uni.createFrom().failure(new IllegalStateException("not reachable yet: " + key));
                        }
                    }
                    return session.createNativeQuery("INSERT INTO toy_effect (id, applied) VALUES (?1, 1)"
                                    + " ON CONFLICT (id) DO UPDATE SET applied = toy_effect.applied + 1")
                            .setParameter(1, key)
                            .executeUpdate();
                })));
    }
}
