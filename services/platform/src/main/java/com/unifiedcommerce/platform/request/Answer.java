package com.unifiedcommerce.platform.request;

/**
 * What a request is answered, as the application layer decides it and without HTTP's types: a
 * status, a body (a document written as JSON, or JSON text kept from a first answer), its media
 * type, and whether it replays a first request's answer (an Idempotency-Key seen before). The
 * resource turns it into a response with {@link Answers#http}.
 */
public record Answer(int status, Object body, String mediaType, boolean replayed) {

    public static final String JSON = "application/json";
    public static final String PROBLEM = "application/problem+json";

    /** A first answer in JSON. */
    public static Answer of(int status, Object body) {
        return new Answer(status, body, JSON, false);
    }

    /** A repeat's answer: what the first request was answered. */
    public static Answer replayed(int status, Object body) {
        return new Answer(status, body, JSON, true);
    }
}
