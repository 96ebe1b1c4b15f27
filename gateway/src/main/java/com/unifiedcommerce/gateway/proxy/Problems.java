package com.unifiedcommerce.gateway.proxy;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.unifiedcommerce.platform.problem.ProblemType;
import com.unifiedcommerce.platform.problem.RouteProblems;
import io.vertx.ext.web.RoutingContext;

/** The gateway's own answers, in the same problem+json shape the services use. */
@ApplicationScoped
public class Problems {

    @Inject
    ObjectMapper json;

    public void send(RoutingContext ctx, String requestId, ProblemType type, String detail) {
        RouteProblems.send(ctx, json, requestId, type, detail);
    }

    public void unauthorized(RoutingContext ctx, String requestId) {
        send(ctx, requestId, ProblemType.UNAUTHORIZED, "A valid bearer token is required");
    }

    public void tooManyRequests(RoutingContext ctx, String requestId, long retryAfterSeconds) {
        ctx.response().putHeader("Retry-After", Long.toString(retryAfterSeconds));
        send(
                ctx,
                requestId,
                ProblemType.TOO_MANY_REQUESTS,
                "Too many requests from this caller; retry after " + retryAfterSeconds + " s");
    }
}
