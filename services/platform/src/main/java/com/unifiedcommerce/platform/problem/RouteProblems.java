package com.unifiedcommerce.platform.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.unifiedcommerce.platform.request.RequestId;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

/**
 * Problem answers written straight to a Vert.x route, for what happens before (or instead of) a
 * REST resource: refused tokens, the gateway's own refusals. Same document as {@link ProblemMappers}.
 */
public final class RouteProblems {

    private RouteProblems() {}

    public static void send(RoutingContext ctx, ObjectMapper json, String requestId, ProblemType type, String detail) {
        HttpServerResponse response = ctx.response();
        if (response.ended()) {
            return;
        }
        if (response.headWritten()) {
            response.reset();
            return;
        }
        // Whatever body is still coming is not wanted: let it drain so the connection can be reused.
        ctx.request().resume();
        String body;
        try {
            body = json.writeValueAsString(Problem.of(type, detail, ctx.normalizedPath(), requestId));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A problem document could not be written", e);
        }
        if (type == ProblemType.UNAUTHORIZED) {
            response.putHeader("WWW-Authenticate", "Bearer");
        }
        response.setStatusCode(type.status())
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .putHeader(RequestId.HEADER, requestId)
                .end(body);
    }
}
