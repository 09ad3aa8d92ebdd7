package dev.mailroom.egress.rest;

import jakarta.enterprise.context.ApplicationScoped;

import dev.mailroom.egress.service.RateLimiter;
import dev.mailroom.platform.auth.Caller;
import dev.mailroom.platform.auth.CallerAdmission;
import dev.mailroom.platform.problem.ApiException;
import dev.mailroom.platform.problem.Problem;

/**
 * Every authenticated request (REST through platform's authentication filter, MCP through
 * {@link McpAuthentication}) takes one token of its key's rate: {@code 429 rate-limited} with {@code Retry-After}
 * otherwise.
 */
@ApplicationScoped
public class RateLimit implements CallerAdmission {

    private final RateLimiter limiter;

    public RateLimit(RateLimiter limiter) {
        this.limiter = limiter;
    }

    @Override
    public void admit(Caller caller) {
        int rate = caller.ratePerMinute();
        long wait = limiter.acquire(caller.keyId(), rate);
        if (wait > 0) {
            throw new ApiException(Problem.of(429, "rate-limited", "Too many requests",
                    "this key may make " + rate + " requests per minute"), wait);
        }
    }
}
