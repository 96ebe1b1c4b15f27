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
        return consume(record, consumer, wanted, (type, event) -> true, effect);
    }

    /** Whether an event of a wanted type changes anything for this consumer (decided from the event alone). */
    @FunctionalInterface
    public interface Relevance {
        boolean test(EventType type, IncomingEvent event);
    }

    /**
     * As {@link #consume(ConsumerRecord, String, Set, Effect)}, and an event that {@code relevant}
     * says changes nothing here is acknowledged without a transaction: no inbox row is needed to
     * make nothing happen only once. (On the checkout path this saves a transaction per order in
     * every consumer that only cares about some orders.)
     */
    public Uni<Void> consume(
            ConsumerRecord<?, byte[]> record,
            String consumer,
            Set<EventType> wanted,
            Relevance relevant,
            Effect effect) {
        IncomingEvent event = IncomingEvent.from(record);
        Optional<EventType> type = EventType.ofType(event.type());
        if (type.isEmpty() || !wanted.contains(type.get()) || !relevantOrUnreadable(relevant, type.get(), event)) {
            return Uni.createFrom().voidItem();
        }
        return retrying.handle(
                consumer,
                event,
                () -> sessions.withTransaction(session ->
                        once(session, consumer, event.id(), () -> effect.apply(session, type.get(), event))));
    }

    /**
     * An event whose payload the test cannot read counts as relevant: the effect then meets the same
     * problem inside {@link Retrying}, which sends it to the dead-letter topic with its error.
     */
    private static boolean relevantOrUnreadable(Relevance relevant, EventType type, IncomingEvent event) {
        try {
            return relevant.test(type, event);
        } catch (RuntimeException unreadable) {
            return true;
        }
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
