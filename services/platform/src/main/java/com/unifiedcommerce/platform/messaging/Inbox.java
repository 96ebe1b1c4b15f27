package com.unifiedcommerce.platform.messaging;

import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.unifiedcommerce.contracts.EventType;
import io.quarkus.arc.properties.IfBuildProperty;
import io.smallrye.mutiny.Uni;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Makes a consumer idempotent: the (consumer, event id) pair is recorded in the same transaction
 * as the handler's effect, so a redelivered event is acknowledged and changes nothing.
 */
@ApplicationScoped
@IfBuildProperty(name = "commerce.outbox.enabled", stringValue = "true")
public class Inbox {

    private static final String RECORD =
            "INSERT INTO inbox_message (consumer, event_id) VALUES (?1, ?2) ON CONFLICT DO NOTHING";

    @Inject
    Mutiny.SessionFactory sessions;

    @Inject
    Retrying retrying;

    /** What a consumer does with one event, inside the transaction that records it as handled. */
    @FunctionalInterface
    public interface Effect {
        Uni<?> apply(Mutiny.Session session, EventType type, IncomingEvent event);
    }

    /**
     * A consumer's whole handling of a record: an event of one of the {@code wanted} types is
     * applied once by {@code consumer}, each try in a fresh transaction; a passing failure is tried
     * again for as long as it takes and a permanent one goes to the dead-letter topic ({@link
     * Retrying}); any other event is acknowledged untouched.
     */
    public Uni<Void> consume(ConsumerRecord<?, byte[]> record, String consumer, Set<EventType> wanted, Effect effect) {
        IncomingEvent event = IncomingEvent.from(record);
        Optional<EventType> type = EventType.ofType(event.type());
        if (type.isEmpty() || !wanted.contains(type.get())) {
            return Uni.createFrom().voidItem();
        }
        return retrying.handle(
                consumer,
                event,
                () -> sessions.withTransaction(session ->
                        once(session, consumer, event.id(), () -> effect.apply(session, type.get(), event))));
    }

    /**
     * Runs {@code effect} in the session's transaction unless this consumer has already handled
     * the event. Emits true when the effect ran, false for a duplicate.
     */
    public Uni<Boolean> once(Mutiny.Session session, String consumer, UUID eventId, Supplier<Uni<?>> effect) {
        if (session.currentTransaction() == null) {
            return Uni.createFrom()
                    .failure(new IllegalStateException("Inbox.once must run inside the transaction of the effect"));
        }
        return session.createNativeQuery(RECORD)
                .setParameter(1, consumer)
                .setParameter(2, eventId)
                .executeUpdate()
                .chain(inserted -> inserted == 1
                        ? effect.get().replaceWith(Boolean.TRUE)
                        : Uni.createFrom().item(Boolean.FALSE));
    }
}
