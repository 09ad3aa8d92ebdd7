package dev.mailroom.sdk;

import java.time.Duration;

/** HTTP 403: the key lacks the permission or the domain. */
public class PermissionDeniedException extends ApiException {
    private static final long serialVersionUID = 1L;

    public PermissionDeniedException(int status, JsonObject problem, Duration retryAfter) {
        super(status, problem, retryAfter);
    }
}
