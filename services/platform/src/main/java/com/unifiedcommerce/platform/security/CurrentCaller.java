package com.unifiedcommerce.platform.security;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;

import io.quarkus.arc.properties.IfBuildProperty;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.SecurityIdentity;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The caller of the current request, read from its verified token. Request scoped, so a
 * resource (a singleton) that injects it always sees the request it is serving.
 */
@RequestScoped
@IfBuildProperty(name = "commerce.security.enabled", stringValue = "true")
public class CurrentCaller {

    @Inject
    SecurityIdentity identity;

    @Inject
    JsonWebToken token;

    private Caller caller;

    public Caller get() {
        if (caller == null) {
            if (identity.isAnonymous() || token.getSubject() == null) {
                throw new AuthenticationFailedException("no verified token");
            }
            caller = new Caller(token.getSubject(), identity.getRoles(), claim("customer_id"), claim("store_id"));
        }
        return caller;
    }

    private String claim(String name) {
        Object value = token.getClaim(name);
        return value == null ? null : value.toString();
    }
}
