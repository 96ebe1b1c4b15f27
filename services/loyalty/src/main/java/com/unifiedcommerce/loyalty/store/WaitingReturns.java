package com.unifiedcommerce.loyalty.store;

import java.util.List;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.Tuple;

import com.unifiedcommerce.platform.store.Columns;
import io.smallrye.mutiny.Uni;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Returns waiting for the pickup or delivery of their order: kept until the order earns, then
 * taken (and applied) in the earn's transaction.
 */
@ApplicationScoped
public class WaitingReturns {

    /** A return as it arrived, and who announced it. */
    public record Waiting(String payload, String actor) {}

    /** Keeps the return until its order earns; a return already waiting stays as it is. */
    public Uni<Integer> park(Mutiny.Session session, String returnId, String orderId, String payload, String actor) {
        return session.createNativeQuery(
                        "INSERT INTO waiting_return (return_id, order_id, payload, actor) VALUES (?1, ?2, ?3, ?4)"
                                + " ON CONFLICT DO NOTHING")
                .setParameter(1, returnId)
                .setParameter(2, orderId)
                .setParameter(3, payload)
                .setParameter(4, actor)
                .executeUpdate();
    }

    /** Takes the returns waiting for the order (they are applied in this transaction, or parked again). */
    public Uni<List<Waiting>> take(Mutiny.Session session, String orderId) {
        return session.createNativeQuery(
                        "DELETE FROM waiting_return WHERE order_id = ?1 RETURNING payload, actor", Tuple.class)
                .setParameter(1, orderId)
                .getResultList()
                .map(Columns.of(Waiting.class)::all);
    }
}
