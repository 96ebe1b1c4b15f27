package com.unifiedcommerce.platform.problem;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.unifiedcommerce.platform.request.RequestId;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Turns every failure into an RFC 9457 answer: bad input is a 4xx naming the field, never a 500. */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response problem(ProblemException e, UriInfo uri) {
        Response answer = answer(e.type(), e.getMessage(), e.errors(), e.extensions(), uri);
        return e.extensions().get(ProblemException.RETRY_AFTER_SECONDS) instanceof Number seconds
                ? Response.fromResponse(answer)
                        .header("Retry-After", seconds.longValue())
                        .build()
                : answer;
    }

    @ServerExceptionMapper
    public Response invalid(ConstraintViolationException e, UriInfo uri) {
        List<Problem.FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new Problem.FieldError(field(v), v.getMessage()))
                .sorted(Comparator.comparing(Problem.FieldError::field))
                .toList();
        return answer(ProblemType.VALIDATION, errors.size() + " invalid field(s)", errors, Map.of(), uri);
    }

    @ServerExceptionMapper
    public Response malformed(JsonParseException e, UriInfo uri) {
        String where = e.getLocation() == null
                ? ""
                : " at line " + e.getLocation().getLineNr() + ", column "
                        + e.getLocation().getColumnNr();
        return answer(ProblemType.MALFORMED, "The body is not valid JSON" + where, List.of(), Map.of(), uri);
    }

    @ServerExceptionMapper
    public Response mismatched(MismatchedInputException e, UriInfo uri) {
        if (String.valueOf(e.getOriginalMessage()).startsWith("Unexpected end-of-input")) {
            return answer(
                    ProblemType.MALFORMED, "The body is not valid JSON: it ends too early", List.of(), Map.of(), uri);
        }
        String field = path(e);
        String reason = reason(e);
        return answer(
                ProblemType.VALIDATION,
                field + ": " + reason,
                List.of(new Problem.FieldError(field, reason)),
                Map.of(),
                uri);
    }

    @ServerExceptionMapper
    public Response unreadable(JsonProcessingException e, UriInfo uri) {
        return answer(ProblemType.MALFORMED, "The body cannot be read as the expected JSON", List.of(), Map.of(), uri);
    }

    /** No token, or one that is not valid (expired, forged, from another issuer). */
    @ServerExceptionMapper({AuthenticationFailedException.class, UnauthorizedException.class})
    public Response unauthenticated(RuntimeException e, UriInfo uri) {
        Response answer =
                answer(ProblemType.UNAUTHORIZED, "A valid bearer token is required", List.of(), Map.of(), uri);
        return Response.fromResponse(answer)
                .header("WWW-Authenticate", "Bearer")
                .build();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, UriInfo uri) {
        return answer(ProblemType.FORBIDDEN, "This caller may not do this", List.of(), Map.of(), uri);
    }

    /** Routing and content negotiation failures raised by the framework (404, 405, 406, 415, 413...). */
    @ServerExceptionMapper
    public Response web(WebApplicationException e, UriInfo uri) {
        // The JSON reader wraps what Jackson found; answer for the cause, which names the field.
        if (e.getCause() instanceof MismatchedInputException mismatch) {
            return mismatched(mismatch, uri);
        }
        if (e.getCause() instanceof JsonParseException parse) {
            return malformed(parse, uri);
        }
        if (e.getCause() instanceof JsonProcessingException other) {
            return unreadable(other, uri);
        }
        int status = e.getResponse().getStatus();
        // JAX-RS answers 404 when a path or query parameter cannot be converted (lat=north): the
        // resource exists, the request is wrong.
        if (status == 404 && e.getCause() instanceof IllegalArgumentException) {
            return answer(
                    ProblemType.VALIDATION,
                    "A path or query parameter has the wrong type: "
                            + e.getCause().getMessage(),
                    List.of(),
                    Map.of(),
                    uri);
        }
        if (status >= 500) {
            return unexpected(e, uri);
        }
        ProblemType type = ProblemType.forStatus(status);
        return answer(type, status, type.title(), List.of(), Map.of(), uri);
    }

    /** Anything else is our fault: logged in full with the request id, answered without details. */
    @ServerExceptionMapper
    public Response unexpected(Throwable e, UriInfo uri) {
        if (Unreachable.is(e)) {
            // Nothing committed; the client may repeat (with the same Idempotency-Key) shortly.
            LOG.warnf(
                    "A dependency is unreachable answering %s (request %s): %s", uri.getPath(), RequestId.current(), e);
            Response answer = answer(
                    ProblemType.UNAVAILABLE,
                    "A dependency is unreachable for a moment; nothing was changed, repeat the request shortly",
                    List.of(),
                    Map.of(),
                    uri);
            return Response.fromResponse(answer)
                    .header("Retry-After", Unreachable.RETRY_AFTER_SECONDS)
                    .build();
        }
        LOG.errorf(e, "Unexpected error answering %s (request %s)", uri.getPath(), RequestId.current());
        return answer(
                ProblemType.UNEXPECTED,
                "Something went wrong on our side; quote request id " + RequestId.current(),
                List.of(),
                Map.of(),
                uri);
    }

    private static Response answer(
            ProblemType type,
            String detail,
            List<Problem.FieldError> errors,
            Map<String, Object> extensions,
            UriInfo uri) {
        return answer(type, type.status(), detail, errors, extensions, uri);
    }

    private static Response answer(
            ProblemType type,
            int status,
            String detail,
            List<Problem.FieldError> errors,
            Map<String, Object> extensions,
            UriInfo uri) {
        Problem problem = new Problem(
                type.uri(),
                type.title(),
                status,
                detail,
                uri == null ? null : uri.getPath(),
                RequestId.current(),
                errors,
                extensions);
        return Response.status(status).type(Problem.MEDIA_TYPE).entity(problem).build();
    }

    /** The JSON path of a bean validation failure, without the method and parameter names. */
    private static String field(ConstraintViolation<?> violation) {
        StringBuilder field = new StringBuilder();
        String parameter = null;
        for (Path.Node node : violation.getPropertyPath()) {
            if (node.getKind() == ElementKind.METHOD || node.getKind() == ElementKind.CONSTRUCTOR) {
                continue;
            }
            if (node.getKind() == ElementKind.PARAMETER) {
                parameter = node.getName();
                continue;
            }
            // A node inside a list or map carries the position it has in its container.
            if (node.isInIterable() && node.getIndex() != null) {
                field.append('[').append(node.getIndex()).append(']');
            } else if (node.isInIterable() && node.getKey() != null) {
                field.append('[').append(node.getKey()).append(']');
            }
            if (node.getName() != null && !node.getName().startsWith("<")) {
                if (!field.isEmpty()) {
                    field.append('.');
                }
                field.append(node.getName());
            }
        }
        return field.isEmpty() ? (parameter == null ? "body" : parameter) : field.toString();
    }

    /** The JSON path where Jackson failed, e.g. {@code lines[2].quantity}. */
    private static String path(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.isEmpty() ? "body" : path.toString();
    }

    private static String reason(MismatchedInputException e) {
        Class<?> target = e.getTargetType();
        if (e instanceof UnrecognizedPropertyException) {
            return "is not a known field";
        }
        if (target != null && target.isEnum()) {
            return "must be one of " + Arrays.toString(target.getEnumConstants());
        }
        if (e instanceof InvalidFormatException invalid) {
            return "must be " + describe(target) + ", not " + invalid.getValue();
        }
        return target == null ? "has the wrong type" : "must be " + describe(target);
    }

    private static String describe(Class<?> type) {
        if (type == null) {
            return "of another type";
        }
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
            return "a whole number";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "a string";
        }
        if (List.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        return "an object (" + type.getSimpleName() + ")";
    }
}
