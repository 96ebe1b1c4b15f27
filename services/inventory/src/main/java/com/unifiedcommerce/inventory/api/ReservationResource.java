package com.unifiedcommerce.inventory.api;

import java.util.List;
import java.util.UUID;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;

import com.unifiedcommerce.inventory.app.HoldRequest;
import com.unifiedcommerce.inventory.app.Holds;
import com.unifiedcommerce.inventory.app.ReservationView;
import com.unifiedcommerce.inventory.store.Reservations;
import com.unifiedcommerce.platform.idempotency.Idempotency;
import com.unifiedcommerce.platform.problem.ProblemException;
import com.unifiedcommerce.platform.problem.ProblemType;
import com.unifiedcommerce.platform.request.Answers;
import com.unifiedcommerce.platform.security.Caller;
import com.unifiedcommerce.platform.security.CurrentCaller;
import io.smallrye.mutiny.Uni;
import org.hibernate.reactive.mutiny.Mutiny;
import org.jboss.resteasy.reactive.server.Cancellable;

/**
 * Holds of stock at one location for a caller's reference (an order id): all lines or none,
 * until a deadline. Taken by the order service at checkout and by store staff at their store;
 * a customer checks out through the order service, never holds stock directly.
 */
@Path("/api/reservations")
@RolesAllowed({Caller.ASSOCIATE, Caller.MANAGER, Caller.ADMIN, Caller.SERVICE})
// Work runs to its end when the caller stops waiting (gateway/README.md, "Time-outs").
@Cancellable(false)
public class ReservationResource {

    @Inject
    HoldMetrics holdMetrics;

    @Inject
    Holds holds;

    @Inject
    Mutiny.SessionFactory sessions;

    @Inject
    Reservations reservations;

    @Inject
    CurrentCaller caller;

    /**
     * 201 with the hold; 200 with the same hold when its reference was already held with the
     * same lines (a retry); 409 listing each short line with what is available.
     */
    @POST
    public Uni<Response> hold(@HeaderParam(Idempotency.HEADER) String key, @Valid @NotNull HoldRequest request) {
        return holdMetrics.counted(() -> holds.hold(caller.get(), key, request).map(Answers::http));
    }

    public record OpenPage(List<ReservationView> items, String next) {}

    /**
     * Holds still open (HELD, COMMITTED), by reference, a page at a time: what the order ledger's
     * reconciliation compares with its orders. Services and admin.
     */
    @GET
    @Path("/open")
    public Uni<OpenPage> open(
            @QueryParam("after") @DefaultValue("") @Size(max = 100) String after,
            @QueryParam("size") @DefaultValue("500") @Min(1) @Max(1000) int size) {
        Caller who = caller.get();
        if (!who.has(Caller.SERVICE) && !who.has(Caller.ADMIN)) {
            throw new ProblemException(ProblemType.FORBIDDEN, "Open holds are listed for reconciliation only");
        }
        return sessions.withSession(session -> reservations.open(session, after, size))
                .map(found -> new OpenPage(
                        found.stream().map(ReservationView::of).toList(),
                        found.size() < size ? null : found.getLast().reference()));
    }

    @GET
    @Path("/{id}")
    public Uni<ReservationView> get(@PathParam("id") UUID id) {
        return holds.view(caller.get(), id);
    }

    /** The hold stops expiring: the order ledger placed its order (Holds#commit). */
    @POST
    @Path("/{id}/commit")
    public Uni<Response> commit(@PathParam("id") UUID id, @HeaderParam(Idempotency.HEADER) String key) {
        return holds.commit(caller.get(), id, key).map(Answers::http);
    }

    /** The units go back (Holds#release). */
    @POST
    @Path("/{id}/release")
    public Uni<Response> release(@PathParam("id") UUID id, @HeaderParam(Idempotency.HEADER) String key) {
        return holds.release(caller.get(), id, key).map(Answers::http);
    }

    /** The live hold of a reference goes back, unless a later attempt took it (Holds#releaseReference). */
    @POST
    @Path("/references/{reference}/release")
    public Uni<Response> releaseReference(
            @PathParam("reference") @Pattern(regexp = "^[\\x21-\\x7E]{1,100}$", message = "must be visible ASCII")
                    String reference,
            @QueryParam("attempt") @Min(0) @Max(1_000_000) Integer attempt,
            @HeaderParam(Idempotency.HEADER) String key) {
        return holds.releaseReference(caller.get(), reference, attempt, key).map(Answers::http);
    }
}
