package com.unifiedcommerce.platform.calls;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Which answers of another service are its decision about the request (not retried, passed on as
 * the caller's problem) and which are a failure on our side (retried, counted, answered 503).
 */
class RefusedTest {

    @ParameterizedTest
    @ValueSource(ints = {400, 403, 404, 409, 422})
    void aDecisionAboutTheRequestIsRefused(int status) {
        Throwable classified = Refused.classify(
                "inventory", new WebApplicationException(Response.status(status).build()));
        assertInstanceOf(Refused.class, classified);
    }

    /**
     * Our own token refused (a token that lapsed on the way or while the caller was paused), or the
     * callee asking us to come back: not the client's fault, and it passes.
     */
    @ParameterizedTest
    @ValueSource(ints = {401, 408, 429, 500, 503})
    void ourCredentialsOrTheCalleesStateAreAFailureNotARefusal(int status) {
        WebApplicationException failure =
                new WebApplicationException(Response.status(status).build());
        assertSame(failure, Refused.classify("inventory", failure));
    }
}
