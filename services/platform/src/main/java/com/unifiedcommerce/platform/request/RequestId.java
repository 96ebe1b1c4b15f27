package com.unifiedcommerce.platform.request;

import java.util.UUID;
import java.util.regex.Pattern;

import org.jboss.logging.MDC;

/**
 * The id that follows one request through every service: taken from {@code X-Request-Id} when the
 * caller sent a sane one, else made here; kept in the logging context so every log line has it.
 */
public final class RequestId {

    public static final String HEADER = "X-Request-Id";
    public static final String MDC_KEY = "requestId";

    private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    private RequestId() {}

    /** The caller's id if it is short and plain (it ends up in logs and headers), else a new one. */
    public static String acceptOrCreate(String offered) {
        return offered != null && SANE.matcher(offered).matches()
                ? offered
                : UUID.randomUUID().toString();
    }

    public static void set(String requestId) {
        MDC.put(MDC_KEY, requestId);
    }

    /** The current request's id, or null outside a request (jobs, consumers set their own). */
    public static String current() {
        Object value = MDC.get(MDC_KEY);
        return value == null ? null : value.toString();
    }

    public static void clear() {
        MDC.remove(MDC_KEY);
    }
}
