package com.unifiedcommerce.gateway.proxy;

import java.net.ConnectException;
import java.net.URI;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import com.unifiedcommerce.gateway.GatewayConfig;
import com.unifiedcommerce.gateway.ratelimit.RateLimiter;
import com.unifiedcommerce.gateway.routing.ApiRoutes;
import com.unifiedcommerce.gateway.routing.ApiRoutes.Audience;
import com.unifiedcommerce.gateway.routing.ApiRoutes.Route;
import com.unifiedcommerce.gateway.routing.ApiRoutes.Upstream;
import com.unifiedcommerce.platform.problem.ProblemType;
import com.unifiedcommerce.platform.request.RequestId;
import com.unifiedcommerce.platform.security.Caller;
import com.unifiedcommerce.platform.security.CurrentCaller;
import io.netty.channel.ConnectTimeoutException;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.httpproxy.Body;
import io.vertx.httpproxy.ProxyRequest;
import io.vertx.httpproxy.ProxyResponse;
import org.jboss.logging.Logger;

/**
 * The front door: every {@code /api/**} request is matched to its service, checked (body size,
 * token, audience, rate limit) and streamed through by Vert.x's HTTP proxy, which copies
 * headers and bodies and drops the hop-by-hop ones. The caller's bearer token goes along
 * unchanged, so each service verifies it again. A service that refuses the connection is
 * answered for with 503, one that goes silent with 504, both problem+json.
 */
@ApplicationScoped
public class ApiProxy {

    private static final Logger LOG = Logger.getLogger(ApiProxy.class);
    static final int ORDER = 1_000;

    @Inject
    GatewayConfig config;

    @Inject
    Vertx vertx;

    @Inject
    Problems problems;

    private HttpClient client;
    private RateLimiter limiter;
    private final Map<Upstream, SocketAddress> upstreams = new EnumMap<>(Upstream.class);
    private long sweeper;

    void register(@Observes Router router) {
        client = vertx.createHttpClient(
                new HttpClientOptions()
                        .setConnectTimeout((int) config.connectTimeout().toMillis())
                        .setKeepAlive(true)
                        .setMaxWaitQueueSize(4_096),
                new PoolOptions().setHttp1MaxSize(256));
        limiter = new RateLimiter(config.rateLimit().burst(), config.rateLimit().perSecond());
        for (Upstream upstream : Upstream.values()) {
            URI uri = config.upstream().of(upstream);
            upstreams.put(upstream, SocketAddress.inetSocketAddress(uri.getPort(), uri.getHost()));
        }
        sweeper = vertx.setPeriodic(60_000, id -> limiter.sweep(System.nanoTime()));
        router.route("/api/*").order(ORDER).handler(this::handle);
    }

    void stop(@Observes ShutdownEvent event) {
        if (client != null) {
            vertx.cancelTimer(sweeper);
            client.close();
        }
    }

    /** The service behind an upstream, for the API description. */
    HttpClient client() {
        return client;
    }

    /** The per-caller rate limiter, shared with the gateway's own composed routes. */
    RateLimiter limiter() {
        return limiter;
    }

    SocketAddress address(Upstream upstream) {
        return upstreams.get(upstream);
    }

    private void handle(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        String requestId = RequestId.acceptOrCreate(request.getHeader(RequestId.HEADER));
        String path = ctx.normalizedPath();
        String raw = request.path().toLowerCase(Locale.ROOT);
        if (raw.contains("%2f") || raw.contains("%5c")) {
            problems.send(ctx, requestId, ProblemType.VALIDATION, "Encoded slashes are not allowed in paths");
            return;
        }
        Optional<Route> route = ApiRoutes.resolve(request.method().name(), path);
        if (route.isEmpty()) {
            problems.send(ctx, requestId, ProblemType.NOT_FOUND, "No API answers " + path);
            return;
        }
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null) {
            if (lengthAcceptable(ctx, requestId, length)) {
                // Taken now, while the request is still paused, so no byte of the body is lost
                // while the token is verified; the body then streams through.
                authenticate(ctx, ProxyRequest.reverseProxy(request), route.get(), path, requestId);
            }
            return;
        }
        // No stated length (HTTP/1.1 chunked, or HTTP/2): read what comes, up to the limit, and
        // forward it with its length.
        readBounded(request).onComplete(read -> {
            if (read.failed()) {
                problems.send(ctx, requestId, ProblemType.PAYLOAD_TOO_LARGE, tooLarge());
                return;
            }
            ProxyRequest proxyRequest = ProxyRequest.reverseProxy(request);
            proxyRequest.setBody(read.result().length() == 0 ? null : Body.body(read.result()));
            authenticate(ctx, proxyRequest, route.get(), path, requestId);
        });
    }

    private void authenticate(
            RoutingContext ctx, ProxyRequest proxyRequest, Route route, String path, String requestId) {
        QuarkusHttpUser.getSecurityIdentity(ctx, null)
                .subscribe()
                .with(
                        identity -> admit(ctx, proxyRequest, route, path, requestId, identity),
                        failure -> problems.unauthorized(ctx, requestId));
    }

    private boolean lengthAcceptable(RoutingContext ctx, String requestId, String length) {
        long bytes;
        try {
            bytes = Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            problems.send(ctx, requestId, ProblemType.VALIDATION, "Content-Length is not a number");
            return false;
        }
        if (bytes < 0) {
            problems.send(ctx, requestId, ProblemType.VALIDATION, "Content-Length is negative");
            return false;
        }
        if (bytes > config.maxBodyBytes()) {
            problems.send(ctx, requestId, ProblemType.PAYLOAD_TOO_LARGE, tooLarge());
            return false;
        }
        return true;
    }

    private String tooLarge() {
        return "The body may have at most " + config.maxBodyBytes() + " bytes";
    }

    /** The whole body of a request that did not state its length; fails once it passes the limit. */
    private Future<Buffer> readBounded(HttpServerRequest request) {
        if (request.isEnded()) {
            return Future.succeededFuture(Buffer.buffer());
        }
        Promise<Buffer> body = Promise.promise();
        Buffer collected = Buffer.buffer();
        request.handler(chunk -> {
            if (body.future().isComplete()) {
                return; // over the limit already: the rest is dropped
            }
            if (collected.length() + chunk.length() > config.maxBodyBytes()) {
                body.tryFail("body over the limit");
                return;
            }
            collected.appendBuffer(chunk);
        });
        request.exceptionHandler(body::tryFail);
        request.endHandler(end -> body.tryComplete(collected));
        request.resume();
        return body.future();
    }

    private void admit(
            RoutingContext ctx,
            ProxyRequest proxyRequest,
            Route route,
            String path,
            String requestId,
            SecurityIdentity identity) {
        Caller caller;
        try {
            caller = identity.isAnonymous() ? null : CurrentCaller.of(identity);
        } catch (AuthenticationFailedException e) {
            problems.unauthorized(ctx, requestId);
            return;
        }
        if (caller == null && route.audience() != Audience.PUBLIC) {
            problems.unauthorized(ctx, requestId);
            return;
        }
        if (caller != null && route.audience() == Audience.SIGNED_IN && caller.needsSignUp()) {
            problems.send(
                    ctx,
                    requestId,
                    ProblemType.FORBIDDEN,
                    "Create your customer profile first (POST /api/customers), then sign in again");
            return;
        }
        String key = caller == null
                ? "address:" + ctx.request().remoteAddress().hostAddress()
                : "subject:" + caller.subject();
        RateLimiter.Decision decision = limiter.acquire(key, System.nanoTime());
        if (!decision.allowed()) {
            problems.tooManyRequests(ctx, requestId, decision.retryAfterSeconds());
            return;
        }
        forward(ctx, proxyRequest, route.upstream(), path, requestId);
    }

    private void forward(
            RoutingContext ctx, ProxyRequest proxyRequest, Upstream upstream, String path, String requestId) {
        HttpServerRequest request = ctx.request();
        String query = request.query();
        proxyRequest.setURI(query == null ? path : path + "?" + query);
        proxyRequest.headers().set(RequestId.HEADER, requestId);
        proxyRequest.headers().set("X-Forwarded-For", request.remoteAddress().hostAddress());
        proxyRequest.headers().set("X-Forwarded-Proto", request.scheme());
        SocketAddress address = upstreams.get(upstream);
        RequestOptions options = new RequestOptions()
                .setServer(address)
                .setHost(address.host())
                .setPort(address.port())
                .setIdleTimeout(config.upstreamTimeout().toMillis());
        client.request(options)
                .compose(proxyRequest::send)
                .onSuccess(response -> send(response, requestId))
                .onFailure(failure -> {
                    proxyRequest.release();
                    upstreamFailed(ctx, upstream, requestId, failure);
                });
    }

    private static void send(ProxyResponse response, String requestId) {
        response.headers().set(RequestId.HEADER, requestId);
        response.send();
    }

    private void upstreamFailed(RoutingContext ctx, Upstream upstream, String requestId, Throwable failure) {
        String service = upstream.name().toLowerCase(Locale.ROOT);
        if (ctx.response().headWritten()) {
            LOG.warnf("Request %s to %s failed after its answer began: %s", requestId, service, failure.toString());
            ctx.response().reset();
            return;
        }
        if (failure instanceof TimeoutException || failure.getCause() instanceof TimeoutException) {
            LOG.warnf("Request %s: %s did not answer within %s", requestId, service, config.upstreamTimeout());
            problems.send(
                    ctx,
                    requestId,
                    ProblemType.GATEWAY_TIMEOUT,
                    "The " + service
                            + " service did not answer in time; it is safe to retry with the same Idempotency-Key");
            return;
        }
        boolean unreachable = failure instanceof ConnectException || failure instanceof ConnectTimeoutException;
        LOG.warnf("Request %s: %s %s: %s", requestId, service, unreachable ? "unreachable" : "failed", failure);
        problems.send(
                ctx,
                requestId,
                ProblemType.UNAVAILABLE,
                "The " + service + " service is not available; try again shortly");
    }
}
