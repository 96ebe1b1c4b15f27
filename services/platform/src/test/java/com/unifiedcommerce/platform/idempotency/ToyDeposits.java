package com.unifiedcommerce.platform.idempotency;

import java.util.Map;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;

import com.unifiedcommerce.platform.outbox.Outbox;
import com.unifiedcommerce.platform.outbox.OutboxEvent;
import io.smallrye.mutiny.Uni;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** A toy POST that changes state and emits an event: the shape every real POST has. */
@Path("/toy/deposits")
public class ToyDeposits {

    public record Deposit(@Positive int amount) {}

    @Inject
    Idempotency idempotency;

    @Inject
    Outbox outbox;

    @ConfigProperty(name = "toy.topic")
    String topic;

    @POST
    @Path("/{id}")
    public Uni<Response> deposit(
            @PathParam("id") String id, @HeaderParam(Idempotency.HEADER) String key, @Valid @NotNull Deposit deposit) {
        return idempotency.run(
                key,
                "POST /toy/deposits/" + id,
                deposit,
                session -> session.createNativeQuery(
                                "INSERT INTO toy_counter (id, value) VALUES (?1, ?2)"
                                        + " ON CONFLICT (id) DO UPDATE SET value = toy_counter.value + ?2 RETURNING value",
                                Integer.class)
                        .setParameter(1, id)
                        .setParameter(2, deposit.amount())
                        .getSingleResult()
                        .call(value -> outbox.append(session, new OutboxEvent(topic, id, "ToyDeposited", deposit)))
                        .map(value -> new Idempotency.Outcome(201, Map.of("id", id, "value", value))));
    }
}
