package com.unifiedcommerce.platform.invariants;

/**
 * A rule a service's data must always obey, with a query that lists what breaks it: one text
 * column per violating row (which account, which order, what is off). No row: the rule holds.
 */
public record Invariant(String name, String rule, String violations) {}
