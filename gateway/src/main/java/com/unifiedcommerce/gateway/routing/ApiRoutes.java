package com.unifiedcommerce.gateway.routing;

import java.util.List;
import java.util.Optional;

/**
 * The public API map of the design: which service answers a path under {@code /api}, and who may
 * reach it through the gateway. Stated once here; the services check the finer rules again.
 */
public final class ApiRoutes {

    /** The services behind the gateway; their addresses come from configuration. */
    public enum Upstream {
        INVENTORY,
        ORDER,
        LOYALTY,
        RETURNS,
        CUSTOMER,
        PAYMENT
    }

    /** Who the gateway lets through to a route. */
    public enum Audience {
        /**
         * Anyone, signed in or not: browsing items, locations and availability; the payment
         * provider's webhooks, which the payment service verifies by their signature.
         */
        PUBLIC,
        /** Any signed-in person, including one who has no customer profile yet: sign-up. */
        SIGN_UP,
        /** A signed-in caller with a profile, a store role, admin or a service. */
        SIGNED_IN
    }

    public record Route(Upstream upstream, Audience audience) {}

    private record Prefix(String path, Upstream upstream, boolean publicReads) {
        boolean matches(String candidate) {
            return candidate.equals(path) || candidate.startsWith(path + "/");
        }
    }

    private static final List<Prefix> PREFIXES = List.of(
            new Prefix("/api/items", Upstream.INVENTORY, true),
            new Prefix("/api/locations", Upstream.INVENTORY, true),
            new Prefix("/api/availability", Upstream.INVENTORY, true),
            new Prefix("/api/stock", Upstream.INVENTORY, false),
            new Prefix("/api/reservations", Upstream.INVENTORY, false),
            new Prefix("/api/inventory", Upstream.INVENTORY, false),
            new Prefix("/api/orders", Upstream.ORDER, false),
            new Prefix("/api/loyalty", Upstream.LOYALTY, false),
            new Prefix("/api/returns", Upstream.RETURNS, false),
            new Prefix("/api/customers", Upstream.CUSTOMER, false),
            new Prefix("/api/payments", Upstream.PAYMENT, false));

    /** Where the payment provider posts its webhooks: it has no token of ours, it signs them. */
    static final String PROVIDER_WEBHOOKS = "/api/payments/provider/webhooks";

    private ApiRoutes() {}

    /**
     * The route for a method and a normalised path (no {@code ..}, no query), or empty when no
     * service answers it.
     */
    public static Optional<Route> resolve(String method, String path) {
        for (Prefix prefix : PREFIXES) {
            if (prefix.matches(path)) {
                return Optional.of(new Route(prefix.upstream(), audience(prefix, method, path)));
            }
        }
        return Optional.empty();
    }

    private static Audience audience(Prefix prefix, String method, String path) {
        boolean read = "GET".equals(method) || "HEAD".equals(method);
        if (prefix.publicReads() && read) {
            return Audience.PUBLIC;
        }
        if ("POST".equals(method) && PROVIDER_WEBHOOKS.equals(path)) {
            return Audience.PUBLIC;
        }
        if ("POST".equals(method) && "/api/customers".equals(path)) {
            return Audience.SIGN_UP;
        }
        return Audience.SIGNED_IN;
    }
}
