package com.unifiedcommerce.order.client;

import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;

import io.quarkus.oidc.client.filter.OidcClientFilter;
import io.smallrye.mutiny.Uni;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** The customer service as a counter sale with points needs it: the customer's proof of presence, spent. */
@RegisterRestClient(configKey = "customer")
@OidcClientFilter
@Path("/api/customers")
public interface CustomerApi {

    record Spend(String storeId, String cause) {}

    @POST
    @Path("/{customerId}/verifications/{proof}/spend")
    Uni<Void> spend(@PathParam("customerId") String customerId, @PathParam("proof") String proof, Spend spend);
}
