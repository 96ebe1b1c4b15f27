package com.unifiedcommerce.gateway.proxy;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import com.unifiedcommerce.gateway.ratelimit.RateLimiter;
import com.unifiedcommerce.gateway.routing.ApiRoutes.Upstream;
import com.unifiedcommerce.platform.problem.ProblemType;
import com.unifiedcommerce.platform.request.RequestId;
import com.unifiedcommerce.platform.security.Caller;
import com.unifiedcommerce.platform.security.CurrentCaller;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The mobile app's home screen in one call ({@code GET /api/me/overview}, a customer's own):
 * profile, points and tier, recent orders and open pickups, asked of the customer, loyalty and
 * order services at once with the caller's own token (each service checks it again). A part
 * whose service is slow or failing is left out and named in {@code missing}, with
 * {@code partial: true}, so the app shows what it has; a part that does not exist yet (no
 * profile, no points account) is null and not missing.
 */
@ApplicationScoped
public class MobileOverview {

    private static final Logger LOG = Logger.getLogger(MobileOverview.class);

    @Inject
    ApiProxy proxy;

    @Inject
    Problems problems;

    /** How long each part may take; the app would rather have most of the screen now. */
    @ConfigProperty(name = "gateway.overview.part-timeout", defaultValue = "800ms")
    Duration partTimeout;

    @ConfigProperty(name = "gateway.overview.recent-orders", defaultValue = "5")
    int recentOrders;

    /** One part of the answer: its value, or why it is missing. */
    private record Part(String name, Object value, boolean missing) {}

    void register(@Observes Router router) {
        // Before the proxy's catch-all for /api/*.
        router.get("/api/me/overview").order(ApiProxy.ORDER - 1).handler(this::handle);
    }

    private void handle(RoutingContext ctx) {
        String requestId = RequestId.acceptOrCreate(ctx.request().getHeader(RequestId.HEADER));
        QuarkusHttpUser.getSecurityIdentity(ctx, null)
                .subscribe()
                .with(identity -> answer(ctx, requestId, identity), failure -> problems.unauthorized(ctx, requestId));
    }

    private void answer(RoutingContext ctx, String requestId, SecurityIdentity identity) {
        Caller caller;
        try {
            caller = identity.isAnonymous() ? null : CurrentCaller.of(identity);
        } catch (AuthenticationFailedException e) {
            problems.unauthorized(ctx, requestId);
            return;
        }
        if (caller == null) {
            problems.unauthorized(ctx, requestId);
            return;
        }
        if (caller.customerId() == null) {
            problems.send(ctx, requestId, ProblemType.FORBIDDEN, "The overview is a signed-up customer's own");
            return;
        }
        RateLimiter.Decision decision = proxy.limiter().acquire("subject:" + caller.subject(), System.nanoTime());
        if (!decision.allowed()) {
            problems.tooManyRequests(ctx, requestId, decision.retryAfterSeconds());
            return;
        }
        String token = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
        String customer = URLEncoder.encode(caller.customerId(), StandardCharsets.UTF_8);
        List<Future<Part>> parts = List.of(
                part("profile", Upstream.CUSTOMER, "/api/customers/me", null, token, requestId),
                part("points", Upstream.LOYALTY, "/api/loyalty/accounts/" + customer, null, token, requestId),
                part(
                        "recentOrders",
                        Upstream.ORDER,
                        "/api/orders?customerId=" + customer + "&size=" + recentOrders,
                        "items",
                        token,
                        requestId),
                part(
                        "openPickups",
                        Upstream.ORDER,
                        "/api/orders?customerId=" + customer + "&status=READY_FOR_PICKUP&size=20",
                        "items",
                        token,
                        requestId));
        Future.join(parts).onComplete(done -> {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("customerId", caller.customerId());
            List<String> missing = new ArrayList<>();
            for (Future<Part> future : parts) {
                Part part = future.result();
                body.put(part.name(), part.value());
                if (part.missing()) {
                    missing.add(part.name());
                }
            }
            body.put("partial", !missing.isEmpty());
            body.put("missing", missing);
            ctx.response()
                    .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                    .putHeader(RequestId.HEADER, requestId)
                    .end(Json.encode(body));
        });
    }

    /** One call; never fails: a slow, failing or refusing service makes a missing part. */
    private Future<Part> part(
            String name, Upstream upstream, String uri, String field, String token, String requestId) {
        SocketAddress address = proxy.address(upstream);
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.GET)
                .setServer(address)
                .setHost(address.host())
                .setPort(address.port())
                .setURI(uri)
                .setIdleTimeout(partTimeout.toMillis())
                .putHeader(HttpHeaders.AUTHORIZATION, token)
                .putHeader(RequestId.HEADER, requestId)
                .putHeader(HttpHeaders.ACCEPT, "application/json");
        return proxy.client()
                .request(options)
                .compose(request -> request.send()
                        .compose(response -> response.body().map(buffer -> {
                            if (response.statusCode() == 404) {
                                return new Part(name, null, false);
                            }
                            if (response.statusCode() != 200) {
                                LOG.warnf("Overview %s: %s answered %d", requestId, name, response.statusCode());
                                return new Part(name, null, true);
                            }
                            JsonObject json = buffer.toJsonObject();
                            return new Part(
                                    name,
                                    field == null
                                            ? json.getMap()
                                            : json.getJsonArray(field).getList(),
                                    false);
                        })))
                .recover(failure -> {
                    LOG.warnf("Overview %s: %s left out: %s", requestId, name, failure.toString());
                    return Future.succeededFuture(new Part(name, null, true));
                });
    }
}
