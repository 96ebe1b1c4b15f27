package com.unifiedcommerce.customer.client;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.admin.client.resource.RoleScopeResource;
import org.keycloak.admin.client.resource.UserResource;
import org.keycloak.representations.idm.UserRepresentation;

/**
 * Links a Keycloak user to their profile through the Keycloak admin client (the service account
 * of client {@code customer} holds realm-management's manage-users, view-users and view-realm):
 * sets the {@code customer_id} attribute (the realm maps it into tokens) and grants the
 * {@code customer} role, so the next token (after a refresh) carries both. Each step checks
 * first, so linking twice changes nothing. The admin client blocks: called on worker threads only.
 */
@ApplicationScoped
public class SignInLink {

    static final String ATTRIBUTE = "customer_id";
    static final String ROLE = "customer";

    @Inject
    Keycloak keycloak;

    @ConfigProperty(name = "customer.keycloak.realm", defaultValue = "commerce")
    String realm;

    @Timeout(5_000)
    @Retry(maxRetries = 2, delay = 200)
    public void link(String userId, String customerId) {
        RealmResource users = keycloak.realm(realm);
        UserResource user = users.users().get(userId);
        UserRepresentation person = user.toRepresentation();
        Map<String, List<String>> attributes =
                person.getAttributes() == null ? new HashMap<>() : new HashMap<>(person.getAttributes());
        if (!List.of(customerId).equals(attributes.get(ATTRIBUTE))) {
            attributes.put(ATTRIBUTE, List.of(customerId));
            person.setAttributes(attributes);
            user.update(person);
        }
        RoleScopeResource roles = user.roles().realmLevel();
        if (roles.listAll().stream().noneMatch(r -> ROLE.equals(r.getName()))) {
            roles.add(List.of(users.roles().get(ROLE).toRepresentation()));
        }
    }
}
