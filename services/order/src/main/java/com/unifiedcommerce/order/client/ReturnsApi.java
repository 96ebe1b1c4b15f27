package com.unifiedcommerce.order.client;

import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;

import io.quarkus.oidc.client.filter.OidcClientFilter;
import io.smallrye.mutiny.Uni;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** The returns service as the exchange sweep asks it: accepted, or given up for good? */
@RegisterRestClient(configKey = "returns")
@OidcClientFilter
@Path("/api/returns")
public interface ReturnsApi {

    record Abandoned(String returnId, boolean accepted, String exchangeOrderId) {}

    record OrderRefunds(String orderId, long card, long giftCards) {}

    record RefundPage(java.util.List<OrderRefunds> items, String next) {}

    /** Refunds confirmed per order, a page by order id (reconciliation). */
    @jakarta.ws.rs.GET
    @Path("/refunds")
    Uni<RefundPage> refunds(
            @jakarta.ws.rs.QueryParam("after") String after, @jakarta.ws.rs.QueryParam("size") int size);

    @POST
    @Path("/{id}/abandon")
    Uni<Abandoned> abandon(@PathParam("id") String returnId);
}
