package dev.mailroom.egress.rest;

import java.util.List;

/** A client error with its problem document; thrown by resources, answered by {@link ProblemMappers}. */
public class ApiException extends RuntimeException {

    private final transient Problem problem;
    private final long retryAfterSeconds;

    public ApiException(Problem problem) {
        this(problem, 0);
    }

    public ApiException(Problem problem, long retryAfterSeconds) {
        super(problem.title() + ": " + problem.detail(), null, false, false);
        this.problem = problem;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public Problem problem() {
        return problem;
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    public static ApiException invalid(List<Problem.FieldError> errors) {
        return new ApiException(new Problem("https://mailroom.dev/problems/invalid-request", "Invalid request", 422,
                errors.size() == 1 ? errors.get(0).field() + ": " + errors.get(0).detail()
                        : errors.size() + " fields are invalid", errors));
    }

    public static ApiException notFound(String what) {
        return new ApiException(Problem.of(404, "not-found", "Not found", what + " does not exist"));
    }

    public static ApiException forbidden(String detail) {
        return new ApiException(Problem.of(403, "forbidden", "Forbidden", detail));
    }

    public static ApiException unauthorized() {
        return new ApiException(Problem.of(401, "unauthorized", "Unauthorized",
                "send an API key as 'Authorization: Bearer <key>'"));
    }
}
