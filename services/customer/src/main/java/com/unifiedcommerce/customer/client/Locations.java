package com.unifiedcommerce.customer.client;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;

import io.quarkus.oidc.client.filter.OidcClientFilter;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** The stores as inventory knows them: a message names the store, not its id. Blocking. */
@RegisterRestClient(configKey = "inventory")
@OidcClientFilter
@Path("/api/locations")
public interface Locations {

    record Location(String id, String name, String type, String address) {}

    @GET
    @Path("/{id}")
    Location location(@PathParam("id") String id);
}
