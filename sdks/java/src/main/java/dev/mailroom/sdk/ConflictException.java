package dev.mailroom.sdk;

import java.time.Duration;

/** HTTP 409: a conflict (draft already decided, idempotency key reused, ...). */
public class ConflictException extends ApiException {
    private static final long serialVersionUID = 1L;

    public ConflictException(int status, JsonObject problem, Duration retryAfter) {
        super(status, problem, retryAfter);
    }
}
