package com.unifiedcommerce.platform.messaging;

import java.util.UUID;
import java.util.function.Supplier;
import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.arc.properties.IfBuildProperty;
import io.smallrye.mutiny.Uni;
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
