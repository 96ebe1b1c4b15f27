package com.unifiedcommerce.platform.invariants;

import java.util.List;

/** A service's invariants checked from scratch: each rule, how many rows break it, and a few of them. */
public record InvariantReport(String service, boolean holds, long violations, List<Result> checks) {

    public record Result(String name, String rule, long violations, List<String> examples) {}

    public static InvariantReport of(String service, List<Result> checks) {
        long violations = checks.stream().mapToLong(Result::violations).sum();
        return new InvariantReport(service, violations == 0, violations, List.copyOf(checks));
    }
}
