package com.unifiedcommerce.returns.api;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.List;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;

import com.unifiedcommerce.platform.idempotency.Idempotency;
import com.unifiedcommerce.platform.problem.ProblemException;
import com.unifiedcommerce.platform.problem.ProblemType;
import com.unifiedcommerce.platform.request.Answers;
import com.unifiedcommerce.platform.security.Access;
import com.unifiedcommerce.platform.security.Caller;
import com.unifiedcommerce.platform.security.CurrentCaller;
import com.unifiedcommerce.returns.app.Quote;
import com.unifiedcommerce.returns.app.ReturnRequest;
import com.unifiedcommerce.returns.app.Returns;
import com.unifiedcommerce.returns.store.ReturnStore;
import io.smallrye.mutiny.Uni;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hibernate.reactive.mutiny.Mutiny;
import org.jboss.resteasy.reactive.server.Cancellable;

/** Returns of any order from any channel: quote, accept, read. */
@Path("/api/returns")
@RolesAllowed({Caller.CUSTOMER, Caller.ASSOCIATE, Caller.MANAGER, Caller.ADMIN})
// Work runs to its end when the caller stops waiting (gateway/README.md, "Time-outs").
@Cancellable(false)
public class ReturnResource {

    @Inject
    Returns returns;

    @Inject
    ReturnStore store;

    @Inject
    Mutiny.SessionFactory sessions;

    @Inject
    CurrentCaller caller;

    /** The stores' time zone: a "day" at the counter is the store's day. */
    @ConfigProperty(name = "returns.store-zone", defaultValue = "Europe/Paris")
    ZoneId storeZone;

    /** What would be refunded, per tender and in points; nothing changes. */
    @POST
    @Path("/quote")
    public Uni<Quote> quote(@Valid @NotNull ReturnRequest request) {
        return returns.quote(caller.get(), request);
    }

    /** 201 with the return; a repeat with the same Idempotency-Key answers the same return. */
    @POST
    public Uni<Response> accept(@HeaderParam(Idempotency.HEADER) String key, @Valid @NotNull ReturnRequest request) {
        return returns.accept(caller.get(), key, request).map(Answers::http);
    }

    /** A return by id; services read any (the order ledger's exchange sweep asks whether one exists). */
    @GET
    @Path("/{id}")
    @RolesAllowed({Caller.CUSTOMER, Caller.ASSOCIATE, Caller.MANAGER, Caller.ADMIN, Caller.SERVICE})
    public Uni<ReturnStore.Recorded> get(
            @PathParam("id") @Pattern(regexp = "^[A-Za-z0-9._:-]{1,100}$", message = "must be a return id") String id) {
        Caller who = caller.get();
        return sessions.withSession(session -> store.find(session, id)).map(found -> {
            ReturnStore.Recorded recorded = found.orElseThrow(() -> ProblemException.notFound("Return " + id));
            readable(who, recorded);
            return recorded;
        });
    }

    /** What the order ledger's exchange sweep learns: the return was accepted, or never will be. */
    public record Abandoned(String returnId, boolean accepted, String exchangeOrderId) {}

    /**
     * The order ledger gives up on an exchange whose return it never saw accepted (its sweep,
     * services only): accepted after all answers so (hand the replacement over); otherwise the
     * return is marked abandoned and can never be accepted later (cancel the replacement). The
     * return's commit and this serialise on the return id, so they cannot both win.
     */
    @POST
    @Path("/{id}/abandon")
    @RolesAllowed(Caller.SERVICE)
    public Uni<Abandoned> abandon(
            @PathParam("id") @Pattern(regexp = "^[A-Za-z0-9._:-]{1,100}$", message = "must be a return id") String id) {
        return sessions.withTransaction(session -> store.abandon(session, id))
                .map(found -> new Abandoned(
                        id,
                        found.isPresent(),
                        found.map(ReturnStore.Recorded::exchangeOrderId).orElse(null)));
    }

    /**
     * Either the returns of an order ({@code orderId}), oldest first, as the caller may see them;
     * or a store's returns of one day ({@code locationId}, {@code date} in the stores' time zone,
     * today by default), newest first, a page at a time: the POS's returns screen, for the store's
     * own staff and admin.
     */
    @GET
    public Uni<List<ReturnStore.Recorded>> list(
            @QueryParam("orderId") @Pattern(regexp = "^[A-Za-z0-9._:-]{1,100}$", message = "must be an order id")
                    String orderId,
            @QueryParam("locationId") @Pattern(regexp = "^[A-Za-z0-9._:-]{1,64}$", message = "must be a location id")
                    String locationId,
            @QueryParam("date") @Pattern(regexp = "^\\d{4}-\\d{2}-\\d{2}$", message = "must be a day as 2026-11-23")
                    String date,
            @QueryParam("page") @DefaultValue("0") @Min(0) @Max(10_000) int page,
            @QueryParam("size") @DefaultValue("50") @Min(1) @Max(200) int size) {
        Caller who = caller.get();
        if ((orderId == null) == (locationId == null)) {
            throw ProblemException.invalid("orderId", "give either orderId or locationId");
        }
        if (orderId != null) {
            return sessions.withSession(session -> store.byOrder(session, orderId))
                    .map(found -> found.stream().filter(r -> visible(who, r)).toList());
        }
        if (who.has(Caller.CUSTOMER) && !who.has(Caller.ADMIN)) {
            throw new ProblemException(ProblemType.FORBIDDEN, "A store's returns are for its staff");
        }
        Access.require(Access.atStore(who, locationId), "Store " + locationId);
        LocalDate day;
        try {
            day = date == null ? LocalDate.now(storeZone) : LocalDate.parse(date);
        } catch (DateTimeParseException e) {
            throw ProblemException.invalid("date", "is not a calendar day");
        }
        Instant from = day.atStartOfDay(storeZone).toInstant();
        Instant to = day.plusDays(1).atStartOfDay(storeZone).toInstant();
        return sessions.withSession(session -> store.atLocation(session, locationId, from, to, page, size));
    }

    private static boolean visible(Caller who, ReturnStore.Recorded recorded) {
        if (who.has(Caller.ADMIN) || who.has(Caller.SERVICE)) {
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
