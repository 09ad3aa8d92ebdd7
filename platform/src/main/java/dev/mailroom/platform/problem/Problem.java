package dev.mailroom.platform.problem;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * An RFC 9457 problem document ({@code application/problem+json}), the one dialect of every Mailroom HTTP API.
 *
 * <ul>
 * <li>{@code type}: a stable URI, {@code https://mailroom.dev/problems/<slug>}; clients branch on it, never on
 * texts;</li>
 * <li>{@code title}: the short, fixed text of the type; {@code status}: the HTTP status;</li>
 * <li>{@code detail}: what went wrong with this request, written for the client;</li>
 * <li>{@code instance}: the request path the problem happened at (filled in by {@link ProblemMappers} when
 * absent);</li>
 * <li>{@code errors}: one entry per offending field, its JSON path ({@code to[1]}, {@code attachments[0].content})
 * and what is wrong; absent when no field is to blame.</li>
 * </ul>
 *
 * Absent members are left out. Internal reasons (exception names, SQL, stack traces) never appear in a problem.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String instance,
        List<FieldError> errors) {

    /** The media type of a problem document. */
    public static final String MEDIA_TYPE = "application/problem+json";

    /** Prefix of every problem {@code type}. */
    public static final String TYPE_PREFIX = "https://mailroom.dev/problems/";

    /** One invalid field: its JSON path and what is wrong with it. */
    public record FieldError(String field, String detail) {
    }

    public Problem {
        errors = errors == null || errors.isEmpty() ? null : List.copyOf(errors);
    }

    /** A problem of type {@code https://mailroom.dev/problems/<slug>} without field errors. */
    public static Problem of(int status, String slug, String title, String detail) {
        return new Problem(TYPE_PREFIX + slug, title, status, detail, null, null);
    }

    /** A problem of type {@code https://mailroom.dev/problems/<slug>} naming the offending fields. */
    public static Problem of(int status, String slug, String title, String detail, List<FieldError> errors) {
        return new Problem(TYPE_PREFIX + slug, title, status, detail, null, errors);
    }

    /** The slug of {@link #type()} ({@code not-found}), or the whole type when it is not a Mailroom one. */
    public String slug() {
        return type != null && type.startsWith(TYPE_PREFIX) ? type.substring(TYPE_PREFIX.length()) : type;
    }

    /** This problem at {@code instance}, unless it already names one. */
    public Problem at(String instance) {
        return this.instance != null || instance == null ? this
                : new Problem(type, title, status, detail, instance, errors);
    }
}
