package dev.mailroom.api.rest;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

import dev.mailroom.platform.problem.Problem;

/**
 * Mailroom's problem documents in Cloudflare's dialect, for the Cloudflare-compatible endpoints: SDKs parse the
 * envelope's {@code errors[].code}, not problem+json. Each field error becomes one entry of {@code errors} (with its
 * JSON Pointer in {@code source.pointer}) and one of {@code messages} (Mailroom's readable reason). Pure logic.
 */
public final class CloudflareProblems {

    private CloudflareProblems() {
    }

    /** The status and body to answer with. */
    public record Answer(int status, CloudflareEnvelope<Object> body) {
    }

    /**
     * {@code problem} with its field names turned into JSON Pointers ({@code to[1]} → {@code /to/1}; a field that is
     * already a pointer stays as it is).
     */
    public static Answer of(Problem problem) {
        return of(problem, CloudflareProblems::pointer, errorOf(problem));
    }

    /**
     * {@code problem} in Cloudflare's dialect as {@code error}; {@code pointerOf} turns a Mailroom field path
     * ({@code to[0]}, {@code attachments[1].content_type}) into the JSON Pointer of the Cloudflare request that
     * carried it.
     */
    public static Answer of(Problem problem, UnaryOperator<String> pointerOf, CloudflareError error) {
        int status = error == CloudflareError.INTERNAL_SERVER && problem.status() == 503 ? 503 : error.status();
        List<CloudflareEnvelope.Item> errors = new ArrayList<>();
        List<CloudflareEnvelope.Item> messages = new ArrayList<>();
        if (problem.errors() == null || problem.errors().isEmpty()) {
            errors.add(new CloudflareEnvelope.Item(error.code(), error.message(), null));
            messages.add(new CloudflareEnvelope.Item(error.code(), problem.detail(), null));
        } else {
            for (Problem.FieldError f : problem.errors()) {
                String pointer = f.field() == null || f.field().isEmpty() ? null : pointerOf.apply(f.field());
                CloudflareError e = error == CloudflareError.INVALID_REQUEST_SCHEMA && "/mime_message".equals(pointer)
                        ? CloudflareError.EMAIL_INVALID : error;
                CloudflareEnvelope.Source source = pointer == null ? null : new CloudflareEnvelope.Source(pointer);
                errors.add(new CloudflareEnvelope.Item(e.code(), e.message(), source));
                messages.add(new CloudflareEnvelope.Item(e.code(),
                        pointer == null ? f.detail() : pointer.substring(1) + ": " + f.detail(), source));
            }
        }
        return new Answer(status, CloudflareEnvelope.failure(errors, messages));
    }

    /** Which Cloudflare error a problem is, by its status and type. */
    public static CloudflareError errorOf(Problem problem) {
        if ("key-check-unavailable".equals(problem.slug())) {
            return CloudflareError.AUTHENTICATION_UPSTREAM;
        }
        int status = problem.status();
        if (status == 401) {
            return CloudflareError.UNAUTHORIZED;
        }
        if (status == 403) {
            return CloudflareError.FORBIDDEN;
        }
        if (status == 404) {
            return CloudflareError.NOT_FOUND;
        }
        if (status == 413) {
            return CloudflareError.TOO_BIG;
        }
        if (status == 429) {
            return CloudflareError.THROTTLED;
        }
        if (status >= 500) {
            return CloudflareError.INTERNAL_SERVER;
        }
        return CloudflareError.INVALID_REQUEST_SCHEMA;
    }

    /**
     * The JSON Pointer (RFC 6901) of a Mailroom field path: {@code to[1]} → {@code /to/1},
     * {@code attachments[0].content} → {@code /attachments/0/content}, {@code headers.X-Tag} →
     * {@code /headers/X-Tag} (the part after {@code headers.} is one key: header names never hold a dot here); a
     * field that starts with {@code /} is a pointer already.
     */
    public static String pointer(String field) {
        if (field.startsWith("/")) {
            return field;
        }
        StringBuilder out = new StringBuilder();
        String rest = field;
        while (!rest.isEmpty()) {
            if (rest.startsWith("headers.") && out.isEmpty()) {
                out.append("/headers/").append(escape(rest.substring("headers.".length())));
                break;
            }
            if (rest.startsWith("[")) {
                int end = rest.indexOf(']');
                if (end < 0) {
                    out.append('/').append(escape(rest));
                    break;
                }
                out.append('/').append(rest, 1, end);
                rest = rest.substring(end + 1);
            } else {
                if (rest.startsWith(".")) {
                    rest = rest.substring(1);
                }
                int end = nextSeparator(rest);
                out.append('/').append(escape(rest.substring(0, end)));
                rest = rest.substring(end);
            }
        }
        return out.isEmpty() ? "/" : out.toString();
    }

    private static int nextSeparator(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == '.' || s.charAt(i) == '[') {
                return i;
            }
        }
        return s.length();
    }

    private static String escape(String token) {
        return token.replace("~", "~0").replace("/", "~1");
    }
}
