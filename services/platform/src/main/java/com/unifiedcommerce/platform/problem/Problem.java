package com.unifiedcommerce.platform.problem;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * An RFC 9457 problem document, the body of every error answer. {@code type} is stable and
 * machine-readable; {@code errors} names each bad field and why; {@code extensions} carries
 * problem-specific members (for example the short lines of a refused reservation).
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(
        String type,
        String title,
        int status,
        String detail,
        String instance,
        String requestId,
        List<FieldError> errors,
        @JsonIgnore Map<String, Object> extensions) {

    public static final String MEDIA_TYPE = "application/problem+json";

    /** A problem of {@code type} with no field errors or extension members. */
    public static Problem of(ProblemType type, String detail, String instance, String requestId) {
        return new Problem(type.uri(), type.title(), type.status(), detail, instance, requestId, List.of(), Map.of());
    }

    /** Extension members stand at the top level of the document, as RFC 9457 says. */
    @JsonAnyGetter
    Map<String, Object> members() {
        return extensions;
    }

    /** One bad input: where (a JSON path such as {@code lines[0].quantity}) and why. */
    public record FieldError(String field, String reason) {}
}
