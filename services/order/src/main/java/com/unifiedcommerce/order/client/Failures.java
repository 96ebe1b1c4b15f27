package com.unifiedcommerce.order.client;

import com.unifiedcommerce.platform.problem.ProblemException;
import com.unifiedcommerce.platform.problem.ProblemType;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;

/** How answers of other services become ours. */
public final class Failures {

    private Failures() {}

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
