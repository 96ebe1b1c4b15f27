package com.unifiedcommerce.loyalty.api;

import java.time.Instant;
import java.util.List;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;

import com.unifiedcommerce.loyalty.store.LinePoints;
import com.unifiedcommerce.platform.problem.ProblemException;
import com.unifiedcommerce.platform.security.Access;
import com.unifiedcommerce.platform.security.Caller;
import com.unifiedcommerce.platform.security.CurrentCaller;
import io.smallrye.mutiny.Uni;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * What each line of an order earned and had spent on it in points, and how many of its units
 * came back: the returns service quotes a return's points from it with the same cumulative
 * shares loyalty applies when the return is accepted.
 */
@Path("/api/loyalty/orders/{orderId}")
@RolesAllowed({Caller.CUSTOMER, Caller.ADMIN, Caller.SERVICE})
public class OrderPointsResource {

    /** A line's points; {@code earnedAt} is when loyalty credited them, in the transaction that made them visible. */
    public record LineView(String lineId, int quantity, long earned, long redeemed, int returned, Instant earnedAt) {}

    public record OrderPointsView(String orderId, String customerId, List<LineView> lines) {}

    @Inject
    Mutiny.SessionFactory sessions;

    @Inject
    LinePoints linePoints;

    @Inject
    CurrentCaller caller;

    /** 404 until the order's lines earned here (picked up or delivered), and for another customer's order. */
    @GET
    public Uni<OrderPointsView> get(
            @PathParam("orderId") @Pattern(regexp = "^[A-Za-z0-9._:-]{1,100}$", message = "must be an order id")
                    String orderId) {
        Caller who = caller.get();
        return sessions.withSession(session -> linePoints.byOrder(session, orderId))
                .map(lines -> {
                    if (lines.isEmpty()) {
                        throw ProblemException.notFound("Points of order " + orderId);
                    }
                    String customerId = lines.getFirst().customerId();
                    Access.require(Access.toCustomer(who, customerId), "Points of order " + orderId);
                    return new OrderPointsView(
                            orderId,
                            customerId,
                            lines.stream()
                                    .map(line -> new LineView(
                                            line.lineId(),
                                            line.quantity(),
                                            line.earned(),
                                            line.redeemed(),
                                            line.returned(),
                                            line.earnedAt()))
                                    .toList());
                });
    }
}
