package com.unifiedcommerce.gateway.proxy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unifiedcommerce.gateway.GatewayConfig;
import com.unifiedcommerce.gateway.routing.ApiRoutes.Upstream;
import com.unifiedcommerce.platform.request.RequestId;
import io.vertx.core.Future;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /api/openapi}: the public API as one OpenAPI document, merged from what each service
 * describes of its {@code /api} paths. A service that does not answer is named in
 * {@code x-unavailable} instead of failing the whole document.
 */
@ApplicationScoped
public class ApiDescription {

    @Inject
    ApiProxy proxy;

    @Inject
    GatewayConfig config;

    @Inject
    ObjectMapper json;

    void register(@Observes Router router) {
        router.get("/api/openapi").order(999).handler(this::describe);
    }

    private void describe(RoutingContext ctx) {
        String requestId = RequestId.acceptOrCreate(ctx.request().getHeader(RequestId.HEADER));
        List<Future<JsonNode>> parts = new ArrayList<>();
        for (Upstream upstream : Upstream.values()) {
            parts.add(fetch(proxy.client(), proxy.address(upstream)));
        }
        Future.join(parts).onComplete(done -> {
            ObjectNode document = json.createObjectNode();
            document.put("openapi", "3.1.0");
            document.putObject("info")
                    .put("title", "Unified commerce API")
                    .put("version", "1")
                    .put("description", "Every channel's API, served through the gateway under /api.");
            document.putArray("servers").addObject().put("url", "/");
            ObjectNode paths = document.putObject("paths");
            ObjectNode components = document.putObject("components");
            ObjectNode schemas = components.putObject("schemas");
            describeSignIn(components);
            ArrayNode unavailable = json.createArrayNode();
            Upstream[] upstreams = Upstream.values();
            for (int i = 0; i < upstreams.length; i++) {
                Future<JsonNode> part = parts.get(i);
                if (part.failed()) {
                    unavailable.add(upstreams[i].name().toLowerCase(Locale.ROOT));
                    continue;
                }
                merge(part.result(), paths, schemas, callerSecurity());
            }
            if (!unavailable.isEmpty()) {
                document.set("x-unavailable", unavailable);
            }
            ctx.response()
                    .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                    .putHeader(RequestId.HEADER, requestId)
                    .end(document.toString());
        });
    }

    /**
     * How a caller proves who they are: a bearer token of the commerce realm, or, for a reader of
     * this document in a browser, signing in with the realm's authorization code flow (the Swagger
     * UI uses the storefront's public client, with PKCE). A service names the routes that need a
     * caller (its own scheme is its OIDC discovery); here they name these two instead, and the
     * routes open to anyone (availability, sign-in links) name none.
     */
    private void describeSignIn(ObjectNode components) {
        String realm = config.signInRealm();
        ObjectNode schemes = components.putObject("securitySchemes");
        schemes.putObject("bearer")
                .put("type", "http")
                .put("scheme", "bearer")
                .put("bearerFormat", "JWT")
                .put("description", "An access token of the commerce realm.");
        schemes.putObject("signIn")
                .put("type", "oauth2")
                .put("description", "Sign in with the commerce realm (authorization code with PKCE).")
                .putObject("flows")
                .putObject("authorizationCode")
                .put("authorizationUrl", realm + "/protocol/openid-connect/auth")
                .put("tokenUrl", realm + "/protocol/openid-connect/token")
                .putObject("scopes")
                .put("openid", "who you are");
    }

    /** Either scheme will do: a token, or signing in. */
    private ArrayNode callerSecurity() {
        ArrayNode security = json.createArrayNode();
        security.addObject().putArray("bearer");
        security.addObject().putArray("signIn");
        return security;
    }

    private Future<JsonNode> fetch(HttpClient client, SocketAddress address) {
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.GET)
                .setServer(address)
                .setHost(address.host())
                .setPort(address.port())
                .setURI("/q/openapi?format=json")
                .setIdleTimeout(config.upstreamTimeout().toMillis());
        return client.request(options)
                .compose(request -> request.send())
                .compose(response -> response.statusCode() == 200
                        ? response.body()
                        : Future.failedFuture("status " + response.statusCode()))
                .map(body -> {
                    try {
                        return json.readTree(body.getBytes());
                    } catch (IOException e) {
                        throw new IllegalStateException("unreadable OpenAPI document", e);
                    }
                });
    }

    private static void merge(JsonNode source, ObjectNode paths, ObjectNode schemas, ArrayNode callerSecurity) {
        for (Map.Entry<String, JsonNode> path : source.path("paths").properties()) {
            if (path.getKey().startsWith("/api/")) {
                for (JsonNode operation : path.getValue()) {
                    if (operation instanceof ObjectNode described && described.has("security")) {
                        described.set("security", callerSecurity);
                    }
                }
                paths.set(path.getKey(), path.getValue());
            }
        }
        for (Map.Entry<String, JsonNode> schema :
                source.path("components").path("schemas").properties()) {
            if (!schemas.has(schema.getKey())) {
                schemas.set(schema.getKey(), schema.getValue());
            }
        }
    }
}
