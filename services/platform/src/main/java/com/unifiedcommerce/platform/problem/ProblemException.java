package com.unifiedcommerce.platform.problem;

import java.util.List;
import java.util.Map;

/** Thrown by a service to answer with a problem document; nothing it carries is a stack trace. */
public class ProblemException extends RuntimeException {

    private final ProblemType type;
    private final List<Problem.FieldError> errors;
    private final Map<String, Object> extensions;

    public ProblemException(
            ProblemType type, String detail, List<Problem.FieldError> errors, Map<String, Object> extensions) {
        super(detail, null, false, false);
        this.type = type;
        this.errors = List.copyOf(errors);
        this.extensions = Map.copyOf(extensions);
    }

    public ProblemException(ProblemType type, String detail) {
        this(type, detail, List.of(), Map.of());
    }

    public static ProblemException notFound(String what) {
        return new ProblemException(ProblemType.NOT_FOUND, what + " does not exist");
    }

    /**
     * The extension that says the request may be repeated, with the same Idempotency-Key, after this
     * many seconds; the answer carries it as {@code Retry-After} too, which HTTP clients honour.
     */
    public static final String RETRY_AFTER_SECONDS = "retryAfterSeconds";

    /** 409 for a request whose earlier copy is still being worked on: repeat it after {@code seconds}. */
    public static ProblemException busy(String detail, int seconds) {
        return new ProblemException(ProblemType.CONFLICT, detail, List.of(), Map.of(RETRY_AFTER_SECONDS, seconds));
    }

    public static ProblemException conflict(String detail, Map<String, Object> extensions) {
        return new ProblemException(ProblemType.CONFLICT, detail, List.of(), extensions);
    }

    public static ProblemException invalid(String field, String reason) {
        return new ProblemException(
                ProblemType.VALIDATION,
                field + ": " + reason,
                List.of(new Problem.FieldError(field, reason)),
                Map.of());
    }

    public ProblemType type() {
        return type;
    }

    public List<Problem.FieldError> errors() {
        return errors;
    }

    public Map<String, Object> extensions() {
        return extensions;
    }
}
