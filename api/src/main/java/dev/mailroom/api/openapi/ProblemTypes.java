package dev.mailroom.api.openapi;

import java.util.List;

import dev.mailroom.platform.problem.Problem;

/**
 * Every problem {@code type} the public API answers, once: slug, status, meaning. The OpenAPI document's
 * {@code Problem} schema lists these URIs ({@code https://mailroom.dev/problems/<slug>}) and every error response
 * carries an example of each type of its status; api/README.md shows the same table.
 */
public final class ProblemTypes {

    /** The paths another service serves ({@code upstream/Routes}): only they can answer upstream-unavailable. */
    static final List<String> FORWARDED = List.of("/v1/agents", "/v1/drafts", "/v1/schedules", "/v1/messages",
            "/v1/suppressions");

    /**
     * One documented type; {@code paths} the path prefixes whose operations can answer it (empty: every
     * operation).
     */
    public record Type(String slug, int status, String title, String meaning, List<String> paths) {

        Type(String slug, int status, String title, String meaning, String... paths) {
            this(slug, status, title, meaning, List.of(paths));
        }

        public String uri() {
            return Problem.TYPE_PREFIX + slug;
        }

        /** Whether an operation on {@code path} can answer this type. */
        public boolean appliesTo(String path) {
            return paths.isEmpty() || paths.stream().anyMatch(p -> path.equals(p) || path.startsWith(p + "/"));
        }
    }

    public static final List<Type> ALL = List.of(
            new Type("bad-request", 400, "Bad request", "a parameter that cannot be used; detail says which"),
            new Type("malformed-json", 400, "Malformed JSON",
                    "the body is not JSON, or a field has the wrong JSON type; errors[0].field names it"),
            new Type("unauthorized", 401, "Unauthorized", "no API key, or not a valid one"),
            new Type("forbidden", 403, "Forbidden", "a valid key whose permissions or domains do not allow this"),
            new Type("csrf-failed", 403, "CSRF check failed", "a browser session's (cookie mailroom_session) unsafe"
                    + " request without its X-CSRF-Token, or from another origin (ADR 0039)"),
            new Type("not-found", 404, "Not found", "no such resource, or one the key may not see"),
            new Type("method-not-allowed", 405, "Method not allowed", "the path exists, not with this method"),
            new Type("not-acceptable", 406, "Not acceptable", "the Accept header names no type the operation answers"),
            new Type("draft-decided", 409, "Draft already decided", "the draft was approved or rejected before",
                    "/v1/drafts"),
            new Type("agent-conflict", 409, "Conflict", "an agent class name or address is taken, or the class is"
                    + " one of code or configuration", "/v1/agents"),
            new Type("idempotency-key-reused", 409, "Idempotency-Key reused",
                    "the Idempotency-Key came with another body within 24 h; nothing was sent", "/v1/send"),
            new Type("idempotency-key-in-progress", 409, "Idempotency-Key in progress",
                    "the first request with this Idempotency-Key is still being accepted; retry", "/v1/send"),
            new Type("domain-exists", 409, "Domain exists", "the domain is in the domain store already",
                    "/v1/domains"),
            new Type("dns-update-not-configured", 409, "No DNS UPDATE configuration",
                    "the domain has no dns-update configuration: PUT it first", "/v1/domains"),
            new Type("unsupported-media-type", 415, "Unsupported media type", "the body is not application/json"),
            new Type("invalid-request", 422, "Invalid request", "well-formed JSON or parameters with invalid or unknown"
                    + " fields (limit, page_token, status...): one errors entry per field"),
            new Type("rate-limited", 429, "Too many requests", "the key's rate is used up; Retry-After says when"),
            new Type("internal-error", 500, "Internal error", "anything unexpected: detail holds an error id for the"
                    + " operator's log"),
            new Type("dns-update-failed", 502, "DNS UPDATE failed",
                    "the domain's DNS server refused the UPDATE or did not answer; detail says which", "/v1/domains"),
            new Type("key-check-unavailable", 503, "Service unavailable", "the key store cannot be asked; retry"),
            new Type("session-unavailable", 503, "Service unavailable",
                    "a browser session cannot be checked right now (its store does not answer); retry"),
            new Type("rate-limit-unavailable", 503, "Service unavailable",
                    "the key's rate cannot be counted right now; retry"),
            new Type("kafka-unavailable", 503, "Service unavailable",
                    "Kafka did not acknowledge in time: nothing was accepted; retry after Retry-After", "/v1/send",
                    "/v1/messages"),
            new Type("domains-not-loaded", 503, "Service unavailable",
                    "the domains Mailroom serves are not known yet (just started); retry after Retry-After",
                    "/v1/send"),
            new Type("key-store-unavailable", 503, "Service unavailable",
                    "the API key store cannot be reached; retry", "/v1/api-keys"),
            new Type("master-key-missing", 503, "Domain store unavailable",
                    "no master key is configured to encrypt DKIM private keys: the operator sets one", "/v1/domains"),
            new Type("upstream-unavailable", 503, "Service unavailable",
                    "the service that owns this operation does not answer; retry after Retry-After",
                    FORWARDED.toArray(String[]::new)));

    private ProblemTypes() {
    }

    /** The types of {@code status}. */
    public static List<Type> ofStatus(int status) {
        return ALL.stream().filter(t -> t.status() == status).toList();
    }

    /** The types of {@code status} an operation on {@code path} can answer. */
    public static List<Type> ofStatus(int status, String path) {
        return ALL.stream().filter(t -> t.status() == status && t.appliesTo(path)).toList();
    }
}
