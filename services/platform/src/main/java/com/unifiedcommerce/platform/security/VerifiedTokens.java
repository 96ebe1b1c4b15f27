package com.unifiedcommerce.platform.security;

import java.util.concurrent.ConcurrentHashMap;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.oidc.runtime.OidcIdentityProvider;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Bearer tokens this instance has verified, remembered until each one expires, so a token that
 * comes again is not verified again. Most calls carry a token seen before: a service's
 * client-credential token rides on every call it makes until it is renewed, and a signed-in
 * shopper or associate sends the same token for minutes. Verifying one (an RSA signature, the
 * claims parsed) was 3-5 % of the order and payment services' CPU and a fifth of the gateway's in
 * the checkout profiles (docs/performance.md).
 *
 * <p>What is remembered is exactly what the OIDC provider accepted, keyed by the whole token text:
 * a token that differs in one character (tampered claims, another signature) is another key and is
 * verified in full. A remembered token is verified afresh once its {@code exp} has passed, so it is
 * refused then as it would have been. What this gives up: a token signed by a key the realm has
 * since withdrawn stays accepted by this instance until it expires (access tokens live minutes);
 * nothing here checks revocation, before or now, since tokens are verified locally.
 *
 * <p>Bounded: at {@link #CAPACITY} tokens, the expired ones are dropped, and if that is not enough
 * everything is forgotten (the next calls verify again; nothing is refused for it).
 */
@ApplicationScoped
public class VerifiedTokens implements IdentityProvider<TokenAuthenticationRequest> {

    static final int CAPACITY = 10_000;

    private final OidcIdentityProvider oidc;
    private final ConcurrentHashMap<String, Verified> verified = new ConcurrentHashMap<>();

    private record Verified(SecurityIdentity identity, long expiresAtSecond) {}

    @Inject
    VerifiedTokens(OidcIdentityProvider oidc) {
        this.oidc = oidc;
    }

    @Override
    public Class<TokenAuthenticationRequest> getRequestType() {
        return TokenAuthenticationRequest.class;
    }

    /** Asked before the OIDC provider, whose work it reuses; it never leaves a token to that one. */
    @Override
    public int priority() {
        return SYSTEM_FIRST * 2;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(
            TokenAuthenticationRequest request, AuthenticationRequestContext context) {
        if (!(request.getToken() instanceof AccessTokenCredential)) {
            return oidc.authenticate(request, context);
        }
        String token = request.getToken().getToken();
        long now = System.currentTimeMillis() / 1000;
        Verified known = verified.get(token);
        if (known != null) {
            if (now < known.expiresAtSecond()) {
                return Uni.createFrom().item(forThisRequest(known.identity(), request));
            }
            verified.remove(token, known);
        }
        return oidc.authenticate(request, context).invoke(identity -> remember(token, identity, now));
    }

    /** Whether {@code token} is remembered as verified and not yet expired (for tests). */
    boolean remembers(String token) {
        Verified known = verified.get(token);
        return known != null && System.currentTimeMillis() / 1000 < known.expiresAtSecond();
    }

    private void remember(String token, SecurityIdentity identity, long now) {
        if (identity == null
                || !(identity.getPrincipal() instanceof JsonWebToken jwt)
                || jwt.getExpirationTime() <= now) {
            return;
        }
        if (verified.size() >= CAPACITY) {
            verified.values().removeIf(entry -> entry.expiresAtSecond() <= now);
            if (verified.size() >= CAPACITY) {
                verified.clear();
            }
        }
        verified.put(token, new Verified(identity, jwt.getExpirationTime()));
    }

    /**
     * The remembered identity with this request's routing context in place of the one it was
     * verified in (OIDC records it on the identity; nothing else in it belongs to one request).
     */
    private static SecurityIdentity forThisRequest(SecurityIdentity identity, TokenAuthenticationRequest request) {
        RoutingContext context = HttpSecurityUtils.getRoutingContextAttribute(request);
        if (context == null) {
            return identity;
        }
        return QuarkusSecurityIdentity.builder(identity)
                .addAttribute(RoutingContext.class.getName(), context)
                .build();
    }
}
