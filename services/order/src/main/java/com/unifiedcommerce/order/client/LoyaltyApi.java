package com.unifiedcommerce.order.client;

import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;

import io.quarkus.oidc.client.filter.OidcClientFilter;
import io.smallrye.mutiny.Uni;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** The loyalty ledger as checkout uses it: points held as a tender, released if the order fails. */
@RegisterRestClient(configKey = "loyalty")
@OidcClientFilter
@Path("/api/loyalty")
public interface LoyaltyApi {

    record HoldRequest(String reference, long points, int ttlSeconds, int attempt) {}

    record Hold(String reference, String customerId, long points, String status, int attempt) {}

    @POST
    @Path("/accounts/{customerId}/holds")
    Uni<Hold> hold(
            @PathParam("customerId") String customerId,
            @HeaderParam("Idempotency-Key") String key,
            HoldRequest request);

    @POST
    @Path("/holds/{reference}/release")
    Uni<Hold> release(
            @PathParam("reference") String reference,
            @QueryParam("attempt") int attempt,
            @HeaderParam("Idempotency-Key") String key);
}
