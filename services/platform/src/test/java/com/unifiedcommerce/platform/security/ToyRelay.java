package com.unifiedcommerce.platform.security;

import java.util.Map;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;

import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/** A toy resource that asks another service (the toy itself) for a customer, both ways. */
@Path("/toy/relay")
@Authenticated
public class ToyRelay {

    @RestClient
    ToyCustomersClients.AsCaller asCaller;

    @RestClient
    ToyCustomersClients.AsService asService;

    @GET
    @Path("/as-caller/{id}")
    public Uni<Map<String, String>> asCaller(@PathParam("id") String id) {
        return asCaller.profile(id);
    }

    @GET
    @Path("/as-service/{id}")
    public Uni<Map<String, String>> asService(@PathParam("id") String id) {
        return asService.profile(id);
    }
}
