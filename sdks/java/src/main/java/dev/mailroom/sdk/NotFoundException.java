package dev.mailroom.sdk;

import java.time.Duration;

/** HTTP 404: no such resource (or not visible to this key). */
public class NotFoundException extends ApiException {
    private static final long serialVersionUID = 1L;

    public NotFoundException(int status, JsonObject problem, Duration retryAfter) {
        super(status, problem, retryAfter);
    }
}
