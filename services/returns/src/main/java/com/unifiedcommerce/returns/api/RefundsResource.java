package com.unifiedcommerce.returns.api;

import java.util.List;
import jakarta.inject.Inject;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;

import com.unifiedcommerce.platform.security.Access;
import com.unifiedcommerce.platform.security.Caller;
import com.unifiedcommerce.platform.security.CurrentCaller;
import com.unifiedcommerce.returns.store.ReturnStore;
import io.smallrye.mutiny.Uni;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * What the returns of each order had refunded through the payment service and confirmed (card,
 * gift card), a page at a time by order id: the order ledger's reconciliation compares it with
 * what the payment service moved. Services and admin only.
 */
@Path("/api/returns/refunds")
public class RefundsResource {

    public record Page(List<ReturnStore.OrderRefunds> items, String next) {}

    @Inject
    ReturnStore store;

    @Inject
    Mutiny.SessionFactory sessions;

    @Inject
    CurrentCaller caller;

    @GET
    public Uni<Page> refunded(
            @QueryParam("after") @Pattern(regexp = "^[A-Za-z0-9._:-]{0,100}$", message = "must be an order id")
                    String after,
            @QueryParam("size") @DefaultValue("500") @Min(1) @Max(1_000) int size) {
        Caller who = caller.get();
        Access.require(
                who.has(Caller.SERVICE) || who.has(Caller.ADMIN) ? Access.Decision.ALLOW : Access.Decision.FORBIDDEN,
                "Refunds");
        return sessions.withSession(session -> store.refundedByOrder(session, after == null ? "" : after, size))
                .map(items -> new Page(
                        items, items.size() < size ? null : items.getLast().orderId()));
    }
}
