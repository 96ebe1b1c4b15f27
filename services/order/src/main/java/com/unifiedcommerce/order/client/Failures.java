package com.unifiedcommerce.order.client;

import java.util.Map;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.GenericType;

import com.unifiedcommerce.platform.problem.ProblemException;
import com.unifiedcommerce.platform.problem.ProblemType;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;

/** How answers of other services become ours. */
public final class Failures {

    private Failures() {}

    /** A 4xx from {@code service} becomes {@link Refused}; anything else stays a failure (retried, counted). */
    public static Throwable classify(String service, Throwable failure) {
        if (failure instanceof WebApplicationException web && web.getResponse() != null) {
            int status = web.getResponse().getStatus();
            if (status >= 400 && status < 500) {
                Map<String, Object> problem;
                try {
                    problem = web.getResponse().readEntity(new GenericType<Map<String, Object>>() {});
                } catch (RuntimeException unreadable) {
                    problem = Map.of("detail", "no problem document");
                }
                return new Refused(service, status, problem == null ? Map.of() : problem);
            }
        }
        return failure;
    }

    /** What the client of the order service is told when a service it needs does not answer well. */
    public static ProblemException unavailable(String service, Throwable failure) {
        if (failure instanceof TimeoutException) {
            return new ProblemException(
                    ProblemType.GATEWAY_TIMEOUT, service + " did not answer in time; nothing was ordered");
        }
        String why = failure instanceof CircuitBreakerOpenException
                ? service + " is failing; checkout is paused for a few seconds"
                : service + " could not be reached";
        return new ProblemException(ProblemType.UNAVAILABLE, why + "; nothing was ordered");
    }
}
