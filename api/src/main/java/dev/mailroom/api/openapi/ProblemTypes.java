package dev.mailroom.api.openapi;

import java.util.List;

import dev.mailroom.platform.problem.Problem;

/**
 * Every problem {@code type} the public API answers, once: slug, status, meaning. The OpenAPI document's
 * {@code Problem} schema lists these URIs ({@code https://mailroom.dev/problems/<slug>}) and every error response
 * carries an example of each type of its status; api/README.md shows the same table.
 */
public final class ProblemTypes {

    /** One documented type. */
    public record Type(String slug, int status, String title, String meaning) {

        public String uri() {
            return Problem.TYPE_PREFIX + slug;
        }
    }

    public static final List<Type> ALL = List.of(
            new Type("bad-request", 400, "Bad request", "a parameter that cannot be used; detail says which"),
            new Type("malformed-json", 400, "Malformed JSON",
                    "the body is not JSON, or a field has the wrong JSON type; errors[0].field names it"),
            new Type("unauthorized", 401, "Unauthorized", "no API key, or not a valid one"),
            new Type("forbidden", 403, "Forbidden", "a valid key whose permissions or domains do not allow this"),
            new Type("not-found", 404, "Not found", "no such resource, or one the key may not see"),
            new Type("method-not-allowed", 405, "Method not allowed", "the path exists, not with this method"),
            new Type("not-acceptable", 406, "Not acceptable", "the Accept header names no type the operation answers"),
            new Type("draft-decided", 409, "Draft already decided", "the draft was approved or rejected before"),
            new Type("agent-conflict", 409, "Conflict", "an agent class name or address is taken, or the class is"
                    + " one of code or configuration"),
            new Type("unsupported-media-type", 415, "Unsupported media type", "the body is not application/json"),
            new Type("invalid-request", 422, "Invalid request", "well-formed JSON or parameters with invalid or unknown"
                    + " fields (limit, page_token, status...): one errors entry per field"),
            new Type("rate-limited", 429, "Too many requests", "the key's rate is used up; Retry-After says when"),
            new Type("internal-error", 500, "Internal error", "anything unexpected: detail holds an error id for the"
                    + " operator's log"),
            new Type("key-check-unavailable", 503, "Service unavailable", "the key store cannot be asked; retry"),
            new Type("upstream-unavailable", 503, "Service unavailable",
                    "the service that owns this operation does not answer; retry after Retry-After"));

    private ProblemTypes() {
    }

    /** The types of {@code status}. */
    public static List<Type> ofStatus(int status) {
        return ALL.stream().filter(t -> t.status() == status).toList();
    }
}
