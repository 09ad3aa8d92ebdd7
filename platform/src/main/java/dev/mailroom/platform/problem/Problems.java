package dev.mailroom.platform.problem;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Path;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.PropertyBindingException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;

/**
 * The problem documents of framework failures, as pure functions (no HTTP): {@link ProblemMappers} answers with
 * them and tests check them without a server. Texts are Mailroom's own: nothing of an exception's message, class or
 * stack reaches the client.
 */
public final class Problems {

    private Problems() {
    }

    /**
     * A body Jackson could not read: 400 {@code malformed-json}; an unknown field is 422 {@code invalid-request}
     * naming it. When a field is to blame (wrong type, unknown field, invalid value) {@code errors} names it by its JSON path ({@code to[0]}, {@code attachments[1].content}) and
     * {@code detail} starts with it; a syntax error names the field being read, if any, and the line and column.
     */
    public static Problem malformedJson(JsonProcessingException e) {
        String field = e instanceof JsonMappingException m ? path(m.getPath()) : "";
        // a syntax error, alone or wrapped by databind with the path it was found at
        JsonProcessingException syntax = !(e instanceof JsonMappingException) ? e
                : e.getCause() instanceof StreamReadException cause ? cause : null;
        if (syntax != null) {
            if (field.isEmpty() && syntax.getProcessor() instanceof JsonParser p) {
                String name = currentName(p);
                field = name == null ? "" : name;
            }
            JsonLocation at = syntax.getLocation();
            String where = at == null || at.getLineNr() < 0 ? ""
                    : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
            String detail = "the body is not valid JSON" + where;
            return field.isEmpty() ? Problem.of(400, "malformed-json", "Malformed JSON", detail)
                    : Problem.of(400, "malformed-json", "Malformed JSON", field + ": " + detail,
                            List.of(new Problem.FieldError(field, "the body is not valid JSON here" + where)));
        }
        if (e instanceof PropertyBindingException && !field.isEmpty()) {
            // well-formed JSON naming a field the API does not have: refused, never silently dropped (ADR 0030)
            return Problem.of(422, "invalid-request", "Invalid request", field + ": is not a known field",
                    List.of(new Problem.FieldError(field, "is not a known field")));
        }
        String what;
        if (e instanceof PropertyBindingException) {
            what = "is not a known field";
        } else if (e instanceof InvalidTypeIdException) {
            what = "names an unknown type";
        } else if (e instanceof InvalidFormatException f) {
            what = f.getTargetType() != null && f.getTargetType().isEnum() ? "is not one of the accepted values"
                    : "is not a valid " + kind(f.getTargetType());
        } else if (e instanceof MismatchedInputException mi) {
            what = mi.getTargetType() == null ? "has the wrong type" : "must be " + article(kind(mi.getTargetType()));
        } else if (e instanceof ValueInstantiationException) {
            what = "is not a valid value";
        } else {
            what = "cannot be read";
        }
        if (field.isEmpty()) {
            return Problem.of(400, "malformed-json", "Malformed JSON", "the body " + what);
        }
        return Problem.of(400, "malformed-json", "Malformed JSON", field + ": " + what,
                List.of(new Problem.FieldError(field, what)));
    }

    /** Bean-validation failures: 422 {@code invalid-request}, one field error per violation, in path order. */
    public static Problem invalid(Set<? extends ConstraintViolation<?>> violations) {
        List<Problem.FieldError> errors = new ArrayList<>();
        for (ConstraintViolation<?> v : violations == null ? Set.<ConstraintViolation<?>>of() : violations) {
            errors.add(new Problem.FieldError(field(v.getPropertyPath()), v.getMessage()));
        }
        errors.sort(Comparator.comparing(Problem.FieldError::field).thenComparing(Problem.FieldError::detail));
        if (errors.isEmpty()) {
            return Problem.of(422, "invalid-request", "Invalid request", "the request is not valid");
        }
        return ApiException.invalid(errors).problem();
    }

    /** 404 {@code not-found}: no resource at this path. */
    public static Problem notFound() {
        return Problem.of(404, "not-found", "Not found", "no such resource");
    }

    /** 405 {@code method-not-allowed}. */
    public static Problem methodNotAllowed() {
        return Problem.of(405, "method-not-allowed", "Method not allowed", "see /q/openapi for the methods of this path");
    }

    /** 415 {@code unsupported-media-type}. */
    public static Problem unsupportedMediaType() {
        return Problem.of(415, "unsupported-media-type", "Unsupported media type", "send Content-Type: application/json");
    }

    /** 406 {@code not-acceptable}. */
    public static Problem notAcceptable() {
        return Problem.of(406, "not-acceptable", "Not acceptable", "accept application/json");
    }

    /** Any other status the framework answers with: {@code http-<status>}, the reason phrase as title. */
    public static Problem status(int status, String reasonPhrase) {
        return Problem.of(status, "http-" + status, reasonPhrase == null ? "HTTP " + status : reasonPhrase,
                status >= 500 ? "the server could not answer" : "the request was not accepted");
    }

    /**
     * The last resort: 500 {@code internal-error} with an error id that the server logs with the stack trace; the
     * client sees the id only.
     */
    public static Problem internal(String errorId) {
        return Problem.of(500, "internal-error", "Internal error",
                "the request could not be processed (error id " + errorId + "); retrying may work");
    }

    /** A new error id for {@link #internal(String)}: short, random, easy to grep for. */
    public static String newErrorId() {
        return UUID.randomUUID().toString().substring(0, 13).replace("-", "");
    }

    /** The JSON path of a Jackson reference chain: {@code to[1]}, {@code attachments[0].content}, {@code [1].to[0]}. */
    public static String path(List<JsonMappingException.Reference> refs) {
        StringBuilder out = new StringBuilder();
        for (JsonMappingException.Reference ref : refs) {
            if (ref.getFieldName() != null) {
                if (!out.isEmpty()) {
                    out.append('.');
                }
                out.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                out.append('[').append(ref.getIndex()).append(']');
            }
        }
        return out.toString();
    }

    /** A validation path without the method and parameter nodes of a resource method ({@code send.body.to}). */
    static String field(Path path) {
        StringBuilder out = new StringBuilder();
        for (Path.Node node : path) {
            if (node.getKind() == jakarta.validation.ElementKind.METHOD
                    || node.getKind() == jakarta.validation.ElementKind.PARAMETER
                    || node.getKind() == jakarta.validation.ElementKind.CROSS_PARAMETER
                    || node.getKind() == jakarta.validation.ElementKind.RETURN_VALUE) {
                continue;
            }
            if (node.getIndex() != null) {
                out.append('[').append(node.getIndex()).append(']');
            } else if (node.getKey() != null) {
                out.append('[').append(node.getKey()).append(']');
            }
            if (node.getName() != null) {
                if (!out.isEmpty()) {
                    out.append('.');
                }
                out.append(node.getName());
            }
        }
        return out.isEmpty() ? "body" : out.toString();
    }

    private static String currentName(JsonParser p) {
        try {
            return p.currentName();
        } catch (java.io.IOException | RuntimeException e) {
            return null;
        }
    }

    /** The JSON kind a Java target type reads from. */
    static String kind(Class<?> type) {
        if (type == null) {
            return "value";
        }
        if (type == String.class || type == Character.class || type == char.class || type.isEnum()) {
            return "string";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "boolean";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class
                || type == Short.class || type == short.class || type == java.math.BigInteger.class) {
            return "integer";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
            return "number";
        }
        if (type.isArray() || Collection.class.isAssignableFrom(type)) {
            return "array";
        }
        if (java.time.temporal.Temporal.class.isAssignableFrom(type)) {
            return "timestamp (RFC 3339)";
        }
        if (java.time.Duration.class == type) {
            return "duration";
        }
        if (Map.class.isAssignableFrom(type) || !type.getName().startsWith("java.")) {
            return "object";
        }
        return "value";
    }

    private static String article(String kind) {
        return (kind.startsWith("a") || kind.startsWith("i") || kind.startsWith("o") ? "an " : "a ") + kind;
    }
}
