package com.unifiedcommerce.platform.security;

import java.util.Map;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;

import io.quarkus.oidc.client.filter.OidcClientFilter;
import io.quarkus.oidc.token.propagation.common.AccessToken;
import io.smallrye.mutiny.Uni;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** The two ways a service calls another, here calling the toy service itself. */
final class ToyCustomersClients {

    private ToyCustomersClients() {}

    /** On behalf of the person being served: their own token goes along. */
    @RegisterRestClient(configKey = "toy-self")
    @Path("/toy/customers")
    @AccessToken
    interface AsCaller {
        @GET
        @Path("/{id}")
        Uni<Map<String, String>> profile(@PathParam("id") String id);
    }

    /** For a job or a consumer, where nobody is being served: the service's own client-credential token. */
    @RegisterRestClient(configKey = "toy-self")
    @Path("/toy/customers")
    @OidcClientFilter
    interface AsService {
        @GET
        @Path("/{id}")
        Uni<Map<String, String>> profile(@PathParam("id") String id);
    }
}
