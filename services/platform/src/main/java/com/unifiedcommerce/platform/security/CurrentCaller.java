package com.unifiedcommerce.platform.security;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;

import io.quarkus.arc.properties.IfBuildProperty;
import io.quarkus.oidc.runtime.OidcJwtCallerPrincipal;
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

    private Caller caller;

    /**
     * The identity's own principal, not an injected {@code JsonWebToken}: that one is a client
     * proxy, which is never the OIDC principal {@link #claim} reads the claims of directly.
     */
    public Caller get() {
        if (caller == null) {
            caller = of(identity);
        }
        return caller;
    }

    /**
     * The caller an identity verified from a bearer token stands for; the gateway, which has no
     * request-scoped beans on its proxy path, uses this directly.
     */
    public static Caller of(SecurityIdentity identity) {
        if (identity.getPrincipal() instanceof JsonWebToken token) {
            return of(identity, token);
        }
        throw new AuthenticationFailedException("no verified token");
    }

    private static Caller of(SecurityIdentity identity, JsonWebToken token) {
        if (identity.isAnonymous() || token.getSubject() == null) {
            throw new AuthenticationFailedException("no verified token");
        }
        return new Caller(
                token.getSubject(), identity.getRoles(), claim(token, "customer_id"), claim(token, "store_id"));
    }

    /**
     * A custom claim's value. Read from the verified claims themselves when the token is OIDC's:
     * {@link JsonWebToken#getClaim(String)} first tries the name as a standard claim and throws and
     * catches an exception for every custom one, twice per request on every hop (seen in the
     * checkout profile, docs/performance.md).
     */
    private static String claim(JsonWebToken token, String name) {
        Object value = token instanceof OidcJwtCallerPrincipal oidc
                ? oidc.getClaims().getClaimValue(name)
                : token.getClaim(name);
        return value == null ? null : value.toString();
    }
}
