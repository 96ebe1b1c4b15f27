package com.unifiedcommerce.platform.security;

import java.util.Map;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;

import io.quarkus.security.Authenticated;

/** A toy resource guarded the way every service guards its own: token, then the shared rules. */
@Path("/toy/customers")
@Authenticated
public class ToyCustomers {

    @Inject
    CurrentCaller caller;

    @GET
    @Path("/{id}")
    public Map<String, String> profile(@PathParam("id") String id) {
        Access.require(Access.toCustomer(caller.get(), id), "Customer " + id);
        return Map.of("id", id, "readBy", caller.get().subject());
    }

    @GET
    @Path("/stores/{storeId}/counter")
    public Map<String, String> counter(@PathParam("storeId") String storeId) {
        Access.require(Access.atStore(caller.get(), storeId), "Store " + storeId);
        return Map.of("storeId", storeId);
    }
}
