package dev.mailroom.sdk;

import java.time.Duration;

/** HTTP 401: the API key is missing, unknown or revoked. */
public class AuthenticationException extends ApiException {
    private static final long serialVersionUID = 1L;

    public AuthenticationException(int status, JsonObject problem, Duration retryAfter) {
        super(status, problem, retryAfter);
    }
}
