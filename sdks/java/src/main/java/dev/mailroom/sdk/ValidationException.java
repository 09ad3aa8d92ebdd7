package dev.mailroom.sdk;

import java.time.Duration;

/** HTTP 422: invalid request; see errors(). */
public class ValidationException extends ApiException {
    private static final long serialVersionUID = 1L;

    public ValidationException(int status, JsonObject problem, Duration retryAfter) {
        super(status, problem, retryAfter);
    }
}
