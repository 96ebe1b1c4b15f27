package com.unifiedcommerce.returns.api;

import java.util.List;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;

import com.unifiedcommerce.platform.idempotency.Idempotency;
import com.unifiedcommerce.platform.problem.ProblemException;
import com.unifiedcommerce.platform.security.Access;
import com.unifiedcommerce.platform.security.Caller;
import com.unifiedcommerce.platform.security.CurrentCaller;
import com.unifiedcommerce.returns.app.Returns;
import com.unifiedcommerce.returns.store.ReturnStore;
import io.smallrye.mutiny.Uni;
import org.hibernate.reactive.mutiny.Mutiny;

/** Returns of any order from any channel: quote, accept, read. */
@Path("/api/returns")
@RolesAllowed({Caller.CUSTOMER, Caller.ASSOCIATE, Caller.MANAGER, Caller.ADMIN})
public class ReturnResource {

    @Inject
    Returns returns;

    @Inject
    ReturnStore store;

    @Inject
    Mutiny.SessionFactory sessions;

    @Inject
    CurrentCaller caller;

    /** What would be refunded, per tender and in points; nothing changes. */
    @POST
    @Path("/quote")
    public Uni<Returns.Quote> quote(@Valid @NotNull ReturnRequest request) {
        return returns.quote(caller.get(), request);
    }

    /** 201 with the return; a repeat with the same Idempotency-Key answers the same return. */
    @POST
    public Uni<Response> accept(@HeaderParam(Idempotency.HEADER) String key, @Valid @NotNull ReturnRequest request) {
        return returns.accept(caller.get(), key, request);
    }

    @GET
    @Path("/{id}")
    public Uni<ReturnStore.Recorded> get(
            @PathParam("id") @Pattern(regexp = "^[A-Za-z0-9._:-]{1,100}$", message = "must be a return id") String id) {
        Caller who = caller.get();
        return sessions.withSession(session -> store.find(session, id)).map(found -> {
            ReturnStore.Recorded recorded = found.orElseThrow(() -> ProblemException.notFound("Return " + id));
            readable(who, recorded);
            return recorded;
        });
    }

    /** The returns of an order, oldest first, as the caller may see them. */
    @GET
    public Uni<List<ReturnStore.Recorded>> byOrder(
            @QueryParam("orderId")
                    @NotNull
                    @Pattern(regexp = "^[A-Za-z0-9._:-]{1,100}$", message = "must be an order id")
                    String orderId) {
        Caller who = caller.get();
        return sessions.withSession(session -> store.byOrder(session, orderId))
                .map(found -> found.stream().filter(r -> visible(who, r)).toList());
    }

    private static boolean visible(Caller who, ReturnStore.Recorded recorded) {
        if (who.has(Caller.ADMIN)) {
            return true;
        }
        if (who.has(Caller.CUSTOMER)) {
            return recorded.customerId() != null && recorded.customerId().equals(who.customerId());
        }
        return recorded.locationId() != null && recorded.locationId().equals(who.storeId());
    }

    private static void readable(Caller who, ReturnStore.Recorded recorded) {
        if (!visible(who, recorded)) {
            Access.require(
                    who.has(Caller.CUSTOMER) ? Access.Decision.NOT_FOUND : Access.Decision.FORBIDDEN,
                    "Return " + recorded.id());
        }
    }
}
