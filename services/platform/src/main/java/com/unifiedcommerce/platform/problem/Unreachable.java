package com.unifiedcommerce.platform.problem;

import java.io.IOException;
import java.net.ConnectException;
import java.util.Set;

import io.smallrye.mutiny.CompositeException;

/**
 * Recognises a failure that says "a dependency is gone for a moment" rather than "we have a bug":
 * the database restarting or failing over, a connection dropped mid-request, a transaction rolled
 * back because of a conflict, the MongoDB server not answering. Such a request changed nothing
 * (its transaction did not commit) and may simply be repeated, so it is answered 503 with
 * {@code Retry-After} instead of 500: a client that repeats with the same Idempotency-Key is safe.
 *
 * <p>Matched by class name and SQLSTATE so the platform needs neither the MongoDB driver nor the
 * PostgreSQL client on its compile path.
 */
public final class Unreachable {

    /** Seconds a client is asked to wait before repeating. */
    public static final int RETRY_AFTER_SECONDS = 1;

    /** SQLSTATE classes and codes that mean "try again": connection, shutdown, conflict. */
    private static final Set<String> RETRYABLE_STATES = Set.of("40001", "40P01", "57P01", "57P02", "57P03", "55P03");

    private static final Set<String> GONE_CLASSES = Set.of(
            "io.vertx.sqlclient.ClosedConnectionException",
            "io.vertx.core.VertxException",
            "io.netty.channel.ConnectTimeoutException",
            "io.netty.channel.AbstractChannel$AnnotatedConnectException",
            "com.mongodb.MongoSocketException",
            "com.mongodb.MongoSocketOpenException",
            "com.mongodb.MongoSocketReadException",
            "com.mongodb.MongoSocketReadTimeoutException",
            "com.mongodb.MongoSocketWriteException",
            "com.mongodb.MongoSocketClosedException",
            "com.mongodb.MongoTimeoutException",
            "com.mongodb.MongoNotPrimaryException",
            "com.mongodb.MongoNodeIsRecoveringException",
            "org.hibernate.reactive.pool.impl.SqlClientPool$ConnectionUnavailable");

    private Unreachable() {}

    /** True when {@code failure} or one of its causes says a dependency is momentarily gone. */
    public static boolean is(Throwable failure) {
        int depth = 0;
        for (Throwable t = failure; t != null && depth < 12; t = t.getCause(), depth++) {
            if (t instanceof CompositeException composite) {
                return composite.getCauses().stream().anyMatch(Unreachable::is);
            }
            if (t instanceof ConnectException) {
                return true;
            }
            if (GONE_CLASSES.contains(t.getClass().getName())) {
                return true;
            }
            String state = sqlState(t);
            if (state != null && (state.startsWith("08") || RETRYABLE_STATES.contains(state))) {
                return true;
            }
            String message = String.valueOf(t.getMessage());
            if (t instanceof IOException && message.contains("Connection reset")) {
                return true;
            }
            if (message.contains("Connection is closed")
                    || message.contains("Pending requests failed")
                    || message.contains("terminating connection due to administrator command")
                    || message.contains("the database system is shutting down")
                    || message.contains("the database system is starting up")
                    || message.contains("Transaction already completed")) {
                return true;
            }
        }
        return false;
    }

    /**
     * The SQLSTATE of a database error, from JDBC or the reactive PostgreSQL client (read by name:
     * a service without PostgreSQL does not have that client); null for anything else.
     */
    public static String sqlState(Throwable t) {
        if (t instanceof java.sql.SQLException sql) {
            return sql.getSQLState();
        }
        if (!t.getClass().getName().equals("io.vertx.pgclient.PgException")) {
            return null;
        }
        try {
            Object state = t.getClass().getMethod("getSqlState").invoke(t);
            return state == null ? null : state.toString();
        } catch (ReflectiveOperationException e) {
            return null;
        }
    }
}
