package com.unifiedcommerce.order.client;

import java.util.Map;

/**
 * Another service answered with a 4xx: a decision, not a failure, so it is neither retried nor
 * counted by the circuit breaker. Carries the status and the problem document.
 */
public final class Refused extends RuntimeException {

    private final int status;
    private final Map<String, Object> problem;

    public Refused(String service, int status, Map<String, Object> problem) {
        super(service + " answered " + status + ": " + problem.getOrDefault("detail", ""));
        this.status = status;
        this.problem = problem;
    }

    public int status() {
        return status;
    }

    public Map<String, Object> problem() {
        return problem;
    }
}
