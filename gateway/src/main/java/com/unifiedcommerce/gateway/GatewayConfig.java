package com.unifiedcommerce.gateway;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import com.unifiedcommerce.gateway.routing.ApiRoutes.Upstream;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The gateway's settings ({@code gateway.*}; environment variables such as GATEWAY_UPSTREAM_ORDER). */
@ConfigMapping(prefix = "gateway")
public interface GatewayConfig {

    /**
     * Where each service answers: one address or a comma-separated list of its instances
     * (GATEWAY_UPSTREAM_ORDER=http://10.0.0.5:8082,http://10.0.0.6:8082).
     */
    Upstreams upstream();

    /** How often every instance is asked whether it is ready. */
    @WithDefault("2s")
    Duration healthEvery();

    /** A service that sends nothing for this long is answered for with 504. */
    @WithDefault("10s")
    Duration upstreamTimeout();

    /** A service that does not accept a connection within this is answered for with 503. */
    @WithDefault("1s")
    Duration connectTimeout();

    /** Largest request body let through, by its Content-Length; larger is refused with 413. */
    @WithDefault("262144")
    long maxBodyBytes();

    RateLimit rateLimit();

    /**
     * The realm as a browser reaches it (GATEWAY_SIGN_IN_REALM), named in the public API document
     * so that its readers (the Swagger UI) sign in there: by default where the gateway checks
     * tokens, which differs only where Keycloak has an internal and a public address.
     */
    @WithDefault("${quarkus.oidc.auth-server-url}")
    String signInRealm();

    interface Upstreams {
        @WithDefault("http://localhost:8081")
        List<URI> inventory();

        @WithDefault("http://localhost:8082")
        List<URI> order();

        @WithDefault("http://localhost:8083")
        List<URI> loyalty();

        @WithDefault("http://localhost:8084")
        List<URI> returns();

        @WithDefault("http://localhost:8085")
        List<URI> customer();

        @WithDefault("http://localhost:8086")
        List<URI> payment();

        default List<URI> of(Upstream upstream) {
            return switch (upstream) {
                case INVENTORY -> inventory();
                case ORDER -> order();
                case LOYALTY -> loyalty();
                case RETURNS -> returns();
                case CUSTOMER -> customer();
                case PAYMENT -> payment();
            };
        }
    }

    /** Per caller: a signed-in caller by token subject, an anonymous one by address. */
    interface RateLimit {
        /** Requests a caller may send at once. */
        @WithDefault("60")
        int burst();

        /** Requests per second a caller may sustain. */
        @WithDefault("20")
        int perSecond();
    }
}
