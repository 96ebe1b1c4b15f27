package com.unifiedcommerce.customer.client;

import java.util.List;
import java.util.Map;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;

import io.quarkus.oidc.client.filter.OidcClientFilter;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * The realm's users as the customer service may change them (its service account holds
 * realm-management's manage-users, view-users and view-realm): the {@code customer_id}
 * attribute and the {@code customer} role of a person who signed up. Blocking calls, made on
 * worker threads only.
 */
@RegisterRestClient(configKey = "keycloak-admin")
@OidcClientFilter
@Path("/admin/realms/{realm}")
public interface KeycloakUsers {

    @GET
    @Path("/users/{id}")
    Map<String, Object> user(@PathParam("realm") String realm, @PathParam("id") String id);

    @PUT
    @Path("/users/{id}")
    void update(@PathParam("realm") String realm, @PathParam("id") String id, Map<String, Object> user);

    @GET
    @Path("/roles/{name}")
    Map<String, Object> role(@PathParam("realm") String realm, @PathParam("name") String name);

    @GET
    @Path("/users/{id}/role-mappings/realm")
    List<Map<String, Object>> realmRoles(@PathParam("realm") String realm, @PathParam("id") String id);

    @POST
    @Path("/users/{id}/role-mappings/realm")
    void addRealmRoles(@PathParam("realm") String realm, @PathParam("id") String id, List<Map<String, Object>> roles);
}
