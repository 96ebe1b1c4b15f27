package com.unifiedcommerce.platform.security;

import java.util.Objects;
import java.util.Set;

/**
 * Who is calling, as the services' rules need it: the token's subject, its realm roles and the
 * {@code customer_id} / {@code store_id} claims (null when the token has none).
 */
public record Caller(String subject, Set<String> roles, String customerId, String storeId) {

    public static final String CUSTOMER = "customer";
    public static final String ASSOCIATE = "associate";
    public static final String MANAGER = "manager";
    public static final String ADMIN = "admin";
    public static final String SERVICE = "service";

    public Caller {
        Objects.requireNonNull(subject, "subject");
        roles = Set.copyOf(roles);
    }

    public boolean has(String role) {
        return roles.contains(role);
    }

    /** A person signed in with Keycloak who has no customer profile yet: may only sign up. */
    public boolean needsSignUp() {
        return customerId == null && !has(ADMIN) && !has(SERVICE) && !has(ASSOCIATE) && !has(MANAGER);
    }
}
