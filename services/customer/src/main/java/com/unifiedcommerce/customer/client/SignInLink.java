package com.unifiedcommerce.customer.client;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.keycloak.OAuth2Constants;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.KeycloakBuilder;
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

    @ConfigProperty(name = "customer.keycloak.url")
    String serverUrl;

    @ConfigProperty(name = "customer.keycloak.realm", defaultValue = "commerce")
    String realm;

    @ConfigProperty(name = "quarkus.oidc-client.client-id")
    String clientId;

    /** Made on first use: its secret is read then, after the start-up check that names it when missing. */
    private volatile Keycloak keycloak;

    /**
     * The admin client, signed in as the service account with client credentials (it renews its own
     * token). Built here rather than injected from {@code quarkus.keycloak.admin-client.*}: that bean
     * is made before the application starts, so a missing secret would stop the service with the
     * extension's message instead of the platform's, which names the variable to set.
     */
    private Keycloak keycloak() {
        Keycloak client = keycloak;
        if (client == null) {
            synchronized (this) {
                if (keycloak == null) {
                    keycloak = KeycloakBuilder.builder()
                            .serverUrl(serverUrl)
                            .realm(realm)
                            .grantType(OAuth2Constants.CLIENT_CREDENTIALS)
                            .clientId(clientId)
                            .clientSecret(ConfigProvider.getConfig().getValue("commerce.secrets.client", String.class))
                            .build();
                }
                client = keycloak;
            }
        }
        return client;
    }

    @PreDestroy
    void close() {
        if (keycloak != null) {
            keycloak.close();
        }
    }

    @Timeout(5_000)
    @Retry(maxRetries = 2, delay = 200)
    public void link(String userId, String customerId) {
        RealmResource users = keycloak().realm(realm);
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
