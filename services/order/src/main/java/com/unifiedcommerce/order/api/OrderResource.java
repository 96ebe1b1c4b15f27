package com.unifiedcommerce.order.api;

import java.util.Set;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Valid;
import jakarta.validation.Validator;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
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

import com.unifiedcommerce.contracts.common.Channel;
import com.unifiedcommerce.order.app.Checkout;
import com.unifiedcommerce.order.app.CheckoutRequest;
import com.unifiedcommerce.order.app.ExchangeRequest;
import com.unifiedcommerce.order.app.Lifecycle;
import com.unifiedcommerce.order.app.OrderViews;
import com.unifiedcommerce.order.app.Reconciliation;
import com.unifiedcommerce.order.domain.OrderStatus;
import com.unifiedcommerce.order.store.Orders;
import com.unifiedcommerce.platform.idempotency.Idempotency;
import com.unifiedcommerce.platform.invariants.InvariantReport;
import com.unifiedcommerce.platform.problem.ProblemException;
import com.unifiedcommerce.platform.problem.ProblemType;
import com.unifiedcommerce.platform.request.Answers;
import com.unifiedcommerce.platform.security.Access;
import com.unifiedcommerce.platform.security.Caller;
import com.unifiedcommerce.platform.security.CurrentCaller;
import io.smallrye.mutiny.Uni;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.hibernate.reactive.mutiny.Mutiny;
import org.jboss.resteasy.reactive.server.Cancellable;

/** The order ledger's API: checkout, the queries of the app and the POS, and the transitions. */
@Path("/api/orders")
@RolesAllowed({Caller.CUSTOMER, Caller.ASSOCIATE, Caller.MANAGER, Caller.ADMIN, Caller.SERVICE})
// Work runs to its end when the caller stops waiting (gateway/README.md, "Time-outs").
@Cancellable(false)
public class OrderResource {

    static final String ORDER_ID = "^[A-Za-z0-9._:-]{1,100}$";
    static final String ORDER_ID_MESSAGE = "must be an order id";

    public record PickupRequest(
            @NotBlank
            @Size(max = 20)
            @Pattern(regexp = "^[A-Za-z0-9 -]+$", message = "must be the code shown to the customer")
            String code) {}

    public record ShipRequest(
            @NotBlank @Size(max = 50) String carrier,

            @NotBlank @Size(max = 100) @Pattern(regexp = "^[\\x21-\\x7E]+$", message = "must be visible ASCII")
            String tracking) {}

    @Inject
    Mutiny.SessionFactory sessions;

    @Inject
    Orders orders;

    @Inject
    Checkout checkout;

    @Inject
    CheckoutMetrics checkoutMetrics;

    @Inject
    Lifecycle lifecycle;

    @Inject
    Reconciliation reconciliation;

    @Inject
    CurrentCaller caller;

    @Inject
    JsonWebToken token;

    @Inject
    Validator validator;

    /** The client id of the returns service, the one caller of the exchange route. */
    @ConfigProperty(name = "order.exchanges.client", defaultValue = "returns")
    String exchangeClient;

    /**
     * The replacement order of an exchange: only the returns service places it (its client id,
     * {@code azp} in its token), with the return id as the Idempotency-Key.
     */
    @POST
    @Path("/exchanges")
    public Uni<Response> exchange(@HeaderParam(Idempotency.HEADER) String key, ExchangeRequest request) {
        Caller who = caller.get();
        Object client = token.getClaim("azp");
        if (!who.has(Caller.SERVICE) || !exchangeClient.equals(client)) {
            throw new ProblemException(
                    ProblemType.FORBIDDEN, "Exchange orders are placed by the returns service; use /api/returns");
        }
        // Validated only now, so anyone else is turned away whatever they send.
        if (request == null) {
            throw ProblemException.invalid("body", "must be an exchange order");
        }
        Set<ConstraintViolation<ExchangeRequest>> violations = validator.validate(request);
        if (!violations.isEmpty()) {
            throw new ConstraintViolationException(violations);
        }
        if (key == null || !key.equals(request.returnId())) {
            throw ProblemException.invalid(Idempotency.HEADER, "must be the return id");
        }
        return checkout.exchange(who, key, request).map(Answers::http);
    }

    /** 201 with the order; 409 naming short SKUs or points; 400 naming the field. */
    @POST
    public Uni<Response> place(@HeaderParam(Idempotency.HEADER) String key, @Valid @NotNull CheckoutRequest request) {
        return checkoutMetrics.counted(
                request.channel(),
                () -> checkout.place(caller.get(), key, request).map(Answers::http));
    }

    /** The ledger checked from scratch and against inventory's holds (admin). */
    @GET
    @Path("/invariants")
    @RolesAllowed(Caller.ADMIN)
    public Uni<InvariantReport> invariants() {
        return reconciliation.run();
    }

    @GET
    @Path("/{id}")
    public Uni<OrderViews.OrderView> get(
            @PathParam("id") @Pattern(regexp = ORDER_ID, message = ORDER_ID_MESSAGE) String id) {
        Caller who = caller.get();
        return sessions.withSession(session -> orders.find(session, id).chain(found -> {
            var order = found.orElseThrow(() -> ProblemException.notFound("Order " + id));
            Lifecycle.readable(who, order);
            return lifecycle.view(session, order, who);
        }));
    }

    /** For the customer service's notifications only: where the order waits, and its pickup code. */
    @GET
    @Path("/{id}/pickup-notice")
    @RolesAllowed(Caller.SERVICE)
    public Uni<OrderViews.PickupNotice> pickupNotice(
            @PathParam("id") @Pattern(regexp = ORDER_ID, message = ORDER_ID_MESSAGE) String id) {
        return sessions.withSession(session -> orders.find(session, id).map(found -> {
            var order = found.orElseThrow(() -> ProblemException.notFound("Order " + id));
            if (order.status().checkingOut()) {
                throw ProblemException.notFound("Order " + id);
            }
            return lifecycle.notice(order);
        }));
    }

    /**
     * Orders newest first. A customer lists their own (customerId defaults to theirs); store staff
     * list their store's (locationId defaults to theirs: the pickup screen); admin lists any. One
     * query; the history of an order comes with the order itself.
     */
    @GET
    public Uni<OrderViews.OrderPage> list(
            @QueryParam("customerId") @Pattern(regexp = "^[A-Za-z0-9._:-]{1,64}$", message = "must be a customer id")
                    String customerId,
            @QueryParam("locationId") @Pattern(regexp = "^[A-Za-z0-9._:-]{1,64}$", message = "must be a location id")
                    String locationId,
            @QueryParam("status") OrderStatus status,
            @QueryParam("channel") Channel channel,
            @QueryParam("page") @DefaultValue("0") @Min(0) @Max(10_000) int page,
            @QueryParam("size") @DefaultValue("20") @Min(1) @Max(100) int size) {
        Caller who = caller.get();
        String customer = customerId;
        String location = locationId;
        if (who.has(Caller.ADMIN) || who.has(Caller.SERVICE)) {
            // anything
        } else if (who.has(Caller.CUSTOMER)) {
            customer = customer == null ? who.customerId() : customer;
            Access.require(Access.toCustomer(who, customer), "Orders of " + customer);
        } else {
            location = location == null ? who.storeId() : location;
            Access.require(Access.atStore(who, location), "Orders of " + location);
        }
        if (customer == null && location == null && !who.has(Caller.ADMIN) && !who.has(Caller.SERVICE)) {
            throw new ProblemException(ProblemType.FORBIDDEN, "Name a customer or a store");
        }
        String byCustomer = customer;
        String byLocation = location;
        return sessions.withSession(session -> orders.search(
                        session, byCustomer, byLocation, status, channel, page, size)
                .map(found -> new OrderViews.OrderPage(
                        found.items().stream()
                                .map(order -> OrderViews.of(order, null, null))
                                .toList(),
                        page,
                        size,
                        found.total())));
    }

    @POST
    @Path("/{id}/ready")
    public Uni<Response> ready(
            @PathParam("id") @Pattern(regexp = ORDER_ID, message = ORDER_ID_MESSAGE) String id,
            @HeaderParam(Idempotency.HEADER) String key) {
        return lifecycle.ready(caller.get(), id, key).map(Answers::http);
    }

    /** Idempotent by nature: a repeat after the handover answers the picked-up order. */
    @POST
    @Path("/{id}/pickup")
    public Uni<Response> pickUp(
            @PathParam("id") @Pattern(regexp = ORDER_ID, message = ORDER_ID_MESSAGE) String id,
            @Valid @NotNull PickupRequest request) {
        return lifecycle.pickUp(caller.get(), id, request.code()).map(Answers::http);
    }

    @POST
    @Path("/{id}/unlock-pickup")
    public Uni<Response> unlockPickup(
            @PathParam("id") @Pattern(regexp = ORDER_ID, message = ORDER_ID_MESSAGE) String id,
            @HeaderParam(Idempotency.HEADER) String key) {
        return lifecycle.unlockPickup(caller.get(), id, key).map(Answers::http);
    }

    @POST
    @Path("/{id}/ship")
    public Uni<Response> ship(
            @PathParam("id") @Pattern(regexp = ORDER_ID, message = ORDER_ID_MESSAGE) String id,
            @HeaderParam(Idempotency.HEADER) String key,
            @Valid @NotNull ShipRequest request) {
        return lifecycle
                .ship(caller.get(), id, key, request.carrier().strip(), request.tracking())
                .map(Answers::http);
    }

    @POST
    @Path("/{id}/deliver")
    public Uni<Response> deliver(
            @PathParam("id") @Pattern(regexp = ORDER_ID, message = ORDER_ID_MESSAGE) String id,
            @HeaderParam(Idempotency.HEADER) String key) {
        return lifecycle.deliver(caller.get(), id, key).map(Answers::http);
    }

    @POST
    @Path("/{id}/cancel")
    public Uni<Response> cancel(
            @PathParam("id") @Pattern(regexp = ORDER_ID, message = ORDER_ID_MESSAGE) String id,
            @HeaderParam(Idempotency.HEADER) String key) {
        Caller who = caller.get();
        boolean exchangeFlow = who.has(Caller.SERVICE) && exchangeClient.equals(token.getClaim("azp"));
        return lifecycle.cancel(who, id, key, exchangeFlow).map(Answers::http);
    }
}
