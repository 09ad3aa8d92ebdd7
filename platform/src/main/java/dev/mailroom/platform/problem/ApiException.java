package dev.mailroom.platform.problem;

import java.util.List;

/**
 * A failure that becomes a problem document: thrown by resources and services behind an HTTP API, answered by
 * {@link ProblemMappers} with the problem's status (and {@code Retry-After} when set). Carries no stack trace: it is
 * an answer, not a bug.
 */
public class ApiException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient Problem problem;
    private final long retryAfterSeconds;

    public ApiException(Problem problem) {
        this(problem, 0);
    }

    /** With {@code Retry-After: retryAfterSeconds} when above 0. */
    public ApiException(Problem problem, long retryAfterSeconds) {
        super(problem.title() + ": " + problem.detail(), null, false, false);
        this.problem = problem;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public Problem problem() {
        return problem;
    }

    /** Seconds for {@code Retry-After}; 0 for none. */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    /** 400 {@code bad-request}: a parameter or body that cannot be used, said in {@code detail}. */
    public static ApiException badRequest(String detail) {
        return new ApiException(Problem.of(400, "bad-request", "Bad request", detail));
    }

    /**
     * 422 {@code invalid-request}: well-formed JSON with invalid fields, each named in {@code errors}; {@code detail}
     * repeats the only one, or counts them.
     */
    public static ApiException invalid(List<Problem.FieldError> errors) {
        return new ApiException(Problem.of(422, "invalid-request", "Invalid request",
                errors.size() == 1 ? errors.get(0).field() + ": " + errors.get(0).detail()
                        : errors.size() + " fields are invalid", errors));
    }

    /** 401 {@code unauthorized}: no API key, or not a valid one. */
    public static ApiException unauthorized() {
        return new ApiException(Problem.of(401, "unauthorized", "Unauthorized",
                "send an API key as 'Authorization: Bearer <key>'"));
    }

    /** 403 {@code forbidden}: a valid key that may not do this. */
    public static ApiException forbidden(String detail) {
        return new ApiException(Problem.of(403, "forbidden", "Forbidden", detail));
    }

    /** 404 {@code not-found}: {@code what} ("message 42") does not exist, or not for this caller. */
    public static ApiException notFound(String what) {
        return new ApiException(Problem.of(404, "not-found", "Not found", what + " does not exist"));
    }

    /** 409 {@code conflict}-like problems with their own slug: the resource's state forbids the request. */
    public static ApiException conflict(String slug, String title, String detail) {
        return new ApiException(Problem.of(409, slug, title, detail));
    }

    /** 503 with its own slug: a dependency is down or not configured; retrying later may work. */
    public static ApiException unavailable(String slug, String detail) {
        return new ApiException(Problem.of(503, slug, "Service unavailable", detail));
    }
}
