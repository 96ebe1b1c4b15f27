package com.unifiedcommerce.platform.problem;

import java.util.List;
import java.util.Map;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;

import io.smallrye.mutiny.Uni;
import org.hibernate.reactive.mutiny.Mutiny;

/** A toy endpoint with the input shapes real services take, to prove how errors are answered. */
@Path("/toy")
public class ToyResource {

    @Inject
    Mutiny.SessionFactory sessions;

    public enum Channel {
        WEB,
        MOBILE,
        STORE
    }

    public record Line(
            @NotBlank String sku, @Positive @Max(999) int quantity) {}

    public record ToyOrder(
            @NotNull Channel channel, @NotEmpty List<@Valid @NotNull Line> lines) {}

    @POST
    @Path("/orders")
    public Map<String, Object> place(@Valid @NotNull ToyOrder order) {
        return Map.of("lines", order.lines().size());
    }

    @GET
    @Path("/page")
    public Map<String, Object> page(@QueryParam("size") int size) {
        return Map.of("size", size);
    }

    @GET
    @Path("/conflict")
    public String conflict() {
        throw ProblemException.conflict("SKU-1 is short", Map.of("available", 3));
    }

    @GET
    @Path("/busy")
    public String busy() {
        throw ProblemException.busy("The same request is still being worked on; retry in 2 seconds", 2);
    }

    @GET
    @Path("/boom")
    public String boom() {
        throw new IllegalStateException("secret internal detail");
    }

    /**
     * The database ends this request's connection in the middle of its transaction, as a restart or
     * a failover does (PostgreSQL answers SQLSTATE 57P01 and closes the socket).
     */
    @POST
    @Path("/database-gone")
    public Uni<Integer> databaseGone() {
        return sessions.withTransaction(session -> session.createNativeQuery(
                        "SELECT 1 FROM (SELECT pg_terminate_backend(pg_backend_pid())) AS gone", Integer.class)
                .getSingleResult());
    }
}
