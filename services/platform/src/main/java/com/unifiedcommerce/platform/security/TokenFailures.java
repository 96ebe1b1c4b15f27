package com.unifiedcommerce.platform.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.unifiedcommerce.platform.problem.ProblemType;
import com.unifiedcommerce.platform.problem.RouteProblems;
import com.unifiedcommerce.platform.request.RequestId;
import io.quarkus.arc.properties.IfBuildProperty;
import io.quarkus.security.AuthenticationCompletionException;
import io.quarkus.security.AuthenticationFailedException;
import io.vertx.ext.web.Router;

/**
 * Tokens are verified on arrival (proactive authentication): a request that carries an expired,
 * forged or foreign token is refused whatever it asks for, here, with a 401 problem, before any
 * resource runs. A request without a token goes on; resources that need a caller refuse it.
 */
@ApplicationScoped
@IfBuildProperty(name = "commerce.security.enabled", stringValue = "true")
public class TokenFailures {

    @Inject
    ObjectMapper json;

    void register(@Observes Router router) {
        router.route().failureHandler(ctx -> {
            Throwable failure = ctx.failure();
            if (failure instanceof AuthenticationFailedException
                    || failure instanceof AuthenticationCompletionException) {
                String requestId = RequestId.acceptOrCreate(ctx.request().getHeader(RequestId.HEADER));
                RouteProblems.send(ctx, json, requestId, ProblemType.UNAUTHORIZED, "A valid bearer token is required");
            } else {
                ctx.next();
            }
        });
    }
}
