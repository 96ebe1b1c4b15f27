package com.unifiedcommerce.order.client;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;

import io.quarkus.oidc.client.filter.OidcClientFilter;
import io.smallrye.mutiny.Uni;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** The returns service as the exchange sweep asks it: was this return ever accepted? */
@RegisterRestClient(configKey = "returns")
@OidcClientFilter
@Path("/api/returns")
public interface ReturnsApi {

    record Accepted(String id, String orderId, String exchangeOrderId) {}

    @GET
    @Path("/{id}")
    Uni<Accepted> accepted(@PathParam("id") String returnId);
}
