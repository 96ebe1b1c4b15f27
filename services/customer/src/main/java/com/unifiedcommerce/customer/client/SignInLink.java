package com.unifiedcommerce.customer.client;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * Links a Keycloak user to their profile: sets the {@code customer_id} attribute (the realm maps
 * it into tokens) and grants the {@code customer} role, so the next token (after a refresh)
 * carries both. Each step checks first, so linking twice changes nothing.
 */
@ApplicationScoped
public class SignInLink {

    @Inject
    @RestClient
    KeycloakUsers users;

    @ConfigProperty(name = "customer.keycloak.realm", defaultValue = "commerce")
    String realm;

    @Timeout(5_000)
    @Retry(maxRetries = 2, delay = 200)
    public void link(String userId, String customerId) {
        Map<String, Object> user = new HashMap<>(users.user(realm, userId));
        @SuppressWarnings("unchecked")
        Map<String, Object> attributes = user.get("attributes") instanceof Map<?, ?> present
                ? new HashMap<>((Map<String, Object>) present)
                : new HashMap<>();
        if (!List.of(customerId).equals(attributes.get("customer_id"))) {
            attributes.put("customer_id", List.of(customerId));
            user.put("attributes", attributes);
            users.update(realm, userId, user);
        }
        boolean hasRole = users.realmRoles(realm, userId).stream().anyMatch(r -> "customer".equals(r.get("name")));
        if (!hasRole) {
            users.addRealmRoles(realm, userId, List.of(users.role(realm, "customer")));
        }
    }
}
