package com.unifiedcommerce.platform.outbox;

import java.util.List;
import java.util.UUID;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.unifiedcommerce.contracts.EventType;
import com.unifiedcommerce.platform.request.RequestId;
import com.unifiedcommerce.platform.tracing.TraceParent;
import io.quarkus.arc.properties.IfBuildProperty;
import io.smallrye.mutiny.Uni;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Appends events to the outbox table in the caller's transaction, so the event exists exactly
 * when the change does. Append after changing (and so locking) the aggregate's row: that keeps
 * one aggregate's events in commit order.
 */
@ApplicationScoped
@IfBuildProperty(name = "commerce.outbox.enabled", stringValue = "true")
public class Outbox {

    /** The columns an event fills, in the order of {@link Row}'s components. */
    public static final String COLUMNS = "id, topic, aggregate_id, type, payload, request_id, traceparent";

    private static final String INSERT =
            "INSERT INTO outbox_event (" + COLUMNS + ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";

    /**
     * An event's outbox row, for a statement that inserts it in the same statement as the change it
     * announces ({@link #row}); the payload is the JSON text.
     */
    public record Row(
            UUID id,
            String topic,
            String aggregateId,
            String type,
            String payload,
            String requestId,
            String traceparent) {}

    @Inject
    ObjectMapper json;

    @Inject
    OutboxRelay relay;

    /**
     * Adds an event of {@code contracts} (its type and topic follow from the payload record) to the
     * session's transaction.
     */
    public Uni<UUID> append(Mutiny.Session session, String aggregateId, Record payload) {
        EventType type = EventType.of(payload);
        return append(session, new OutboxEvent(type.topic(), aggregateId, type.type(), payload));
    }

    /**
     * The row {@link #append} would insert for an event of {@code contracts}, for a hot path whose
     * single statement inserts it itself (inventory's hold, placing an order; {@link #insertRows}):
     * one round trip fewer, and no lock held across it. That statement must insert it in the transaction of the change, as append does.
     */
    public Row row(String aggregateId, Record payload) {
        EventType type = EventType.of(payload);
        return new Row(
                UUID.randomUUID(),
                type.topic(),
                aggregateId,
                type.type(),
                serialise(payload),
                RequestId.current(),
                TraceParent.current());
    }

    /**
     * The SQL that inserts the outbox rows given as one JSON array ({@link #rowsJson}), in the
     * array's order, for each row of {@code from}: a part of the statement that changes the
     * aggregate and yields one row when it did (none, and nothing is announced, when it did not).
     * For a statement that announces its change itself, as {@link #row} explains.
     *
     * @param rowsJson the parameter holding the array, e.g. {@code ?9}
     */
    public static String insertRows(String rowsJson, String from) {
        return "INSERT INTO outbox_event (" + COLUMNS + ") SELECT e.id, e.topic, e.aggregate_id, e.type,"
                + " e.payload, e.request_id, e.traceparent FROM " + from + ", ROWS FROM (jsonb_to_recordset("
                + "CAST(CAST(" + rowsJson + " AS text) AS jsonb)) AS (id uuid, topic text, \"aggregateId\" text,"
                + " type text, payload text, \"requestId\" text, traceparent text)) WITH ORDINALITY"
                + " AS e(id, topic, aggregate_id, type, payload, request_id, traceparent, n) ORDER BY e.n";
    }

    /** Rows ({@link #row}) as the JSON array {@link #insertRows} reads. */
    public String rowsJson(List<Row> rows) {
        return serialise(rows);
    }

    /**
     * Tells this process's relay that a statement inserted {@code rows} events itself ({@link
     * #row}), so it publishes them without waiting for its poll. Call it once the statement did
     * (after its commit where the caller sees it); {@link #append} tells it itself.
     */
    public void announced(int rows) {
        relay.written(rows);
    }

    /** Adds the event to the session's transaction; fails if there is no transaction. */
    public Uni<UUID> append(Mutiny.Session session, OutboxEvent event) {
        if (session.currentTransaction() == null) {
            return Uni.createFrom()
                    .failure(new IllegalStateException(
                            "Outbox.append must run inside the transaction of the state change"));
        }
        String payload;
        try {
            payload = serialise(event.payload());
        } catch (IllegalArgumentException e) {
            return Uni.createFrom().failure(e);
        }
        UUID id = UUID.randomUUID();
        return session.createNativeQuery(INSERT)
                .setParameter(1, id)
                .setParameter(2, event.topic())
                .setParameter(3, event.aggregateId())
                .setParameter(4, event.type())
                .setParameter(5, payload)
                .setParameter(6, RequestId.current())
                .setParameter(7, TraceParent.current())
                .executeUpdate()
                .invoke(() -> relay.written(1))
                .replaceWith(id);
    }

    private String serialise(Object payload) {
        try {
            return json.writeValueAsString(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Event payload is not serialisable", e);
        }
    }
}
