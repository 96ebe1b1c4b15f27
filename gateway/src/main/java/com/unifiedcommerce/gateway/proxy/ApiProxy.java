package com.unifiedcommerce.gateway.proxy;

import java.net.ConnectException;
import java.net.URI;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.jboss.logging.Logger;

/**
 * The front door: every {@code /api/**} request is matched to its service, checked (body size,
 * token, audience, rate limit) and sent to one of the service's instances (see {@link Upstreams}),
 * with its headers less the hop-by-hop ones. The caller's bearer token goes along unchanged, so each
 * service verifies it again. Bodies are small JSON documents, read whole (up to the limit) so a
 * request can be sent again.
 *
 * <p>When an instance fails, the request goes to the next one only when that cannot do a thing
 * twice: an instance that refused the connection never saw the request (any method); an instance
 * that answered 503 or dropped the connection may have acted, so the request is sent again only if
 * it is a read (GET, HEAD, OPTIONS) or carries an {@code Idempotency-Key}, which makes the service
 * answer a repeat with the first outcome. An instance that stayed silent for the time-out has used
 * the caller's time: the caller gets 504 at once and never waits longer than the time-out.
 * Otherwise the caller gets 503 (refused or dropped) as problem+json, and repeats with the same key.
 *
 * <p>The time-out bounds the whole request from the moment the gateway took it, not each attempt:
 * a first instance that answered 503 or dropped the connection late leaves the next one only what
 * is left, the wait for a pooled connection counts, and when the time is up the instance's request
 * is reset and the caller gets 504. (The chaos run saw answers of 12 to 16 s behind a 10 s
 * time-out while instances were killed: each of two attempts had been given the whole time.)
 */
@ApplicationScoped
public class ApiProxy {

    private static final Logger LOG = Logger.getLogger(ApiProxy.class);
    static final int ORDER = 1_000;

    /** Headers that belong to one connection and are not passed on (RFC 9110 section 7.6.1). */
    private static final Set<String> HOP_BY_HOP = Set.of(
            "connection",
            "keep-alive",
            "proxy-authenticate",
            "proxy-authorization",
            "proxy-connection",
            "te",
            "trailer",
            "transfer-encoding",
            "upgrade",
            "http2-settings",
            "host",
            "content-length");

    private static final Set<HttpMethod> READS = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);

    /** What one instance answered, read whole. */
    private record Answer(int status, MultiMap headers, Buffer body) {}

    @Inject
    GatewayConfig config;

    @Inject
    Vertx vertx;

    @Inject
    Problems problems;

    private HttpClient client;
    private RateLimiter limiter;
    private Upstreams upstreams;
    private long sweeper;
    private long prober;

    void register(@Observes Router router) {
        client = vertx.createHttpClient(
                new HttpClientOptions()
                        .setConnectTimeout((int) config.connectTimeout().toMillis())
                        .setKeepAlive(true)
                        .setMaxWaitQueueSize(4_096),
                new PoolOptions().setHttp1MaxSize(256));
        limiter = new RateLimiter(config.rateLimit().burst(), config.rateLimit().perSecond());
        Map<Upstream, List<URI>> addresses = new EnumMap<>(Upstream.class);
        for (Upstream upstream : Upstream.values()) {
            addresses.put(upstream, config.upstream().of(upstream));
        }
        upstreams = new Upstreams(addresses);
        sweeper = vertx.setPeriodic(60_000, id -> limiter.sweep(System.nanoTime()));
        long every = config.healthEvery().toMillis();
        prober = vertx.setPeriodic(every, every, id -> upstreams.probe(client, config.connectTimeout()));
        router.route("/api/*").order(ORDER).handler(this::handle);
    }

    void stop(@Observes ShutdownEvent event) {
        if (client != null) {
            vertx.cancelTimer(sweeper);
            vertx.cancelTimer(prober);
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

    /** The instance of a service the next single call goes to. */
    SocketAddress address(Upstream upstream) {
        return upstreams.next(upstream);
    }

    private void handle(RoutingContext ctx) {
        long deadline = System.nanoTime() + config.upstreamTimeout().toNanos();
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
        if (length != null && !lengthAcceptable(ctx, requestId, length)) {
            return;
        }
        // Read whole, up to the limit (a request without a stated length may be chunked), so that
        // it can be sent to another instance if the first cannot take it.
        readBounded(request).onComplete(read -> {
            if (read.failed()) {
                problems.send(ctx, requestId, ProblemType.PAYLOAD_TOO_LARGE, tooLarge());
                return;
            }
            authenticate(ctx, read.result(), route.get(), path, requestId, deadline);
        });
    }

    private void authenticate(
            RoutingContext ctx, Buffer body, Route route, String path, String requestId, long deadline) {
        QuarkusHttpUser.getSecurityIdentity(ctx, null)
                .subscribe()
                .with(
                        identity -> admit(ctx, body, route, path, requestId, identity, deadline),
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
            Buffer body,
            Route route,
            String path,
            String requestId,
            SecurityIdentity identity,
            long deadline) {
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
        forward(ctx, body, route.upstream(), path, requestId, deadline);
    }

    private void forward(
            RoutingContext ctx, Buffer body, Upstream upstream, String path, String requestId, long deadline) {
        HttpServerRequest request = ctx.request();
        String query = request.query();
        MultiMap headers = MultiMap.caseInsensitiveMultiMap();
        request.headers().forEach((name, value) -> {
            if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT))) {
                headers.add(name, value);
            }
        });
        headers.set(RequestId.HEADER, requestId);
        headers.set("X-Forwarded-For", request.remoteAddress().hostAddress());
        headers.set("X-Forwarded-Proto", request.scheme());
        boolean resendable = READS.contains(request.method()) || request.getHeader("Idempotency-Key") != null;
        Attempt attempt = new Attempt(
                ctx,
                upstream,
                requestId,
                request.method(),
                query == null ? path : path + "?" + query,
                headers,
                body,
                resendable,
                upstreams.candidates(upstream),
                deadline);
        attempt.start();
    }

    /** One request on its way through a service's instances. */
    private final class Attempt {
        private final RoutingContext ctx;
        private final Upstream upstream;
        private final String requestId;
        private final HttpMethod method;
        private final String uri;
        private final MultiMap headers;
        private final Buffer body;
        private final boolean resendable;
        private final List<Upstreams.Instance> candidates;
        private final long deadline;
        private long timer = -1;
        private HttpClientRequest inFlight;

        Attempt(
                RoutingContext ctx,
                Upstream upstream,
                String requestId,
                HttpMethod method,
                String uri,
                MultiMap headers,
                Buffer body,
                boolean resendable,
                List<Upstreams.Instance> candidates,
                long deadline) {
            this.ctx = ctx;
            this.upstream = upstream;
            this.requestId = requestId;
            this.method = method;
            this.uri = uri;
            this.headers = headers;
            this.body = body;
            this.resendable = resendable;
            this.candidates = candidates;
            this.deadline = deadline;
        }

        /** Arms the deadline and sends to the first instance. */
        void start() {
            long left = millisLeft();
            if (left <= 0) {
                timedOut();
                return;
            }
            timer = vertx.setTimer(left, id -> timedOut());
            send(0);
        }

        private long millisLeft() {
            return (deadline - System.nanoTime()) / 1_000_000;
        }

        /** The deadline passed: whatever an instance is doing for this request is cut off. */
        private void timedOut() {
            TimeoutException passed = new TimeoutException("the gateway's time-out passed");
            if (inFlight != null) {
                inFlight.reset(0, passed);
            }
            upstreamFailed(ctx, upstream, requestId, passed);
        }

        private void finish(Runnable answer) {
            vertx.cancelTimer(timer);
            if (!ctx.response().ended()) {
                answer.run();
            }
        }

        void send(int index) {
            long left = millisLeft();
            if (left <= 0 || ctx.response().ended()) {
                return; // the deadline's timer answers (or has answered) 504
            }
            Upstreams.Instance instance = candidates.get(index);
            boolean hasNext = index + 1 < candidates.size();
            RequestOptions options = new RequestOptions()
                    .setMethod(method)
                    .setServer(instance.address())
                    .setHost(instance.address().host())
                    .setPort(instance.address().port())
                    .setURI(uri)
                    .setHeaders(headers)
                    .setConnectTimeout(left)
                    .setIdleTimeout(left);
            client.request(options)
                    .compose(request -> {
                        inFlight = request;
                        return body.length() == 0 ? request.send() : request.send(body);
                    })
                    .compose(this::read)
                    .onComplete(done -> {
                        // Another instance only while the caller's time lasts; otherwise this
                        // instance's answer (or failure) is the caller's.
                        boolean another = hasNext && millisLeft() > 0;
                        if (done.succeeded()) {
                            Answer answer = done.result();
                            if (answer.status() == 503 && resendable && another) {
                                LOG.infof(
                                        "Request %s: %s answered 503; sent to the next instance", requestId, instance);
                                send(index + 1);
                                return;
                            }
                            finish(() -> reply(ctx.response(), answer, requestId));
                            return;
                        }
                        Throwable failure = done.cause();
                        boolean neverArrived = failure instanceof ConnectException
                                || failure instanceof ConnectTimeoutException
                                || failure.getCause() instanceof ConnectException;
                        if (neverArrived) {
                            instance.ready(false, "refused a connection");
                        }
                        // A silent instance has used the caller's whole time-out: answer 504 now
                        // rather than make the caller wait a second time-out on another instance.
                        boolean timedOut =
                                failure instanceof TimeoutException || failure.getCause() instanceof TimeoutException;
                        if (another && (neverArrived || (resendable && !timedOut))) {
                            LOG.infof(
                                    "Request %s: %s failed (%s); sent to the next instance",
                                    requestId, instance, failure.toString());
                            send(index + 1);
                            return;
                        }
                        finish(() -> upstreamFailed(ctx, upstream, requestId, failure));
                    });
        }

        private Future<Answer> read(HttpClientResponse response) {
            return response.body().map(bytes -> new Answer(response.statusCode(), response.headers(), bytes));
        }
    }

    private static void reply(HttpServerResponse response, Answer answer, String requestId) {
        response.setStatusCode(answer.status());
        answer.headers().forEach((name, value) -> {
            if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT))) {
                response.headers().add(name, value);
            }
        });
        response.headers().set(RequestId.HEADER, requestId);
        response.end(answer.body());
    }

    private void upstreamFailed(RoutingContext ctx, Upstream upstream, String requestId, Throwable failure) {
        String service = upstream.name().toLowerCase(Locale.ROOT);
        if (ctx.response().ended()) {
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
