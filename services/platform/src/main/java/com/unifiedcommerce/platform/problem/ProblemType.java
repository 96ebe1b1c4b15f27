package com.unifiedcommerce.platform.problem;

/** The stable problem types every service answers with; clients switch on {@link #uri()}. */
public enum ProblemType {
    VALIDATION(400, "The request is not valid"),
    MALFORMED(400, "The request body cannot be read"),
    UNAUTHORIZED(401, "Authentication is required"),
    PAYMENT_DECLINED(402, "The payment was declined"),
    FORBIDDEN(403, "Not allowed"),
    NOT_FOUND(404, "Not found"),
    METHOD_NOT_ALLOWED(405, "Method not allowed"),
    NOT_ACCEPTABLE(406, "Cannot answer in the requested media type"),
    CONFLICT(409, "Conflict with the current state"),
    PAYLOAD_TOO_LARGE(413, "The request body is too large"),
    UNSUPPORTED_MEDIA_TYPE(415, "Unsupported media type"),
    IDEMPOTENCY_KEY_REUSED(422, "Idempotency-Key reused with a different request"),
    WRONG_CODE(422, "The code is not right"),
    TOO_MANY_REQUESTS(429, "Too many requests"),
    UNEXPECTED(500, "Unexpected error"),
    UNAVAILABLE(503, "Temporarily unavailable"),
    GATEWAY_TIMEOUT(504, "A service did not answer in time");

    private final int status;
    private final String title;

    ProblemType(int status, String title) {
        this.status = status;
        this.title = title;
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    public String uri() {
        return "urn:commerce:problem:" + name().toLowerCase().replace('_', '-');
    }

    /** The type for an HTTP status raised by the framework (routing, content negotiation). */
    public static ProblemType forStatus(int status) {
        for (ProblemType type : values()) {
            if (type.status == status && type != MALFORMED && type != IDEMPOTENCY_KEY_REUSED && type != WRONG_CODE) {
                return type;
            }
        }
        return status >= 500 ? UNEXPECTED : VALIDATION;
    }
}
