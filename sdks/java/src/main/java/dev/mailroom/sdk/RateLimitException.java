package dev.mailroom.sdk;

import java.time.Duration;

/** HTTP 429: the key's rate limit; see retryAfter(). */
public class RateLimitException extends ApiException {
    private static final long serialVersionUID = 1L;

    public RateLimitException(int status, JsonObject problem, Duration retryAfter) {
        super(status, problem, retryAfter);
    }
}
