package dev.mailroom.agenthost.rest;

/** A failure of the agents API that becomes a problem document. */
public class ApiException extends RuntimeException {

    private final Problem problem;

    public ApiException(Problem problem) {
        super(problem.detail());
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }

    static ApiException notFound(String what) {
        return new ApiException(Problem.of(404, "not-found", "Not found", "no " + what));
    }

    static ApiException forbidden(String detail) {
        return new ApiException(Problem.of(403, "forbidden", "Forbidden", detail));
    }

    static ApiException badRequest(String detail) {
        return new ApiException(Problem.of(400, "bad-request", "Bad request", detail));
    }
}
