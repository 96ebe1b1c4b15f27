package com.unifiedcommerce.platform.calls;

import java.util.Map;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.GenericType;

/**
 * Another service answered a call with a 4xx: a decision, not a failure, so callers neither retry
 * it nor count it in a circuit breaker ({@code abortOn}/{@code skipOn} this class). Carries the
 * status and the problem document.
 */
public final class Refused extends RuntimeException {

    private final int status;
    private final Map<String, Object> problem;

    public Refused(String service, int status, Map<String, Object> problem) {
        super(service + " answered " + status + ": " + problem.getOrDefault("detail", ""), null, false, false);
        this.status = status;
        this.problem = Map.copyOf(problem);
    }

    public int status() {
        return status;
    }

    public Map<String, Object> problem() {
        return problem;
    }

    /**
     * A 4xx from {@code service} that decides about the request becomes {@link Refused} (a 403
     * too: "this proof is not for this store" is a decision); anything else stays a failure
     * (retried, counted, answered 503): a 5xx, and also 401 (our own token was not accepted: a
     * token that lapsed on the way or while this instance was paused; never the client's fault,
     * and telling the client its request is invalid would be false), 408 and 429 (the callee asks
     * us to come back).
     */
    public static Throwable classify(String service, Throwable failure) {
        if (failure instanceof WebApplicationException web && web.getResponse() != null) {
            int status = web.getResponse().getStatus();
            if (status >= 400 && status < 500 && status != 401 && status != 408 && status != 429) {
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
}
