package dev.mailroom.egress.rest;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import dev.mailroom.contract.Json;
import dev.mailroom.egress.service.ApiKeys;
import dev.mailroom.egress.service.Caller;
import dev.mailroom.egress.service.RateLimiter;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The MCP endpoint ({@code /mcp}, Vert.x routes of the MCP extension, outside JAX-RS) takes the same API keys and
 * rate limits as {@code /v1}: this handler runs first and leaves the caller in the routing context for the tools.
 */
@ApplicationScoped
public class McpAuthentication {

    /** Routing-context key of the authenticated {@link Caller}. */
    public static final String CALLER = "mailroom.caller";

    private final ApiKeys keys;
    private final RateLimiter limiter;

    public McpAuthentication(ApiKeys keys, RateLimiter limiter) {
        this.keys = keys;
        this.limiter = limiter;
    }

    void install(@Observes Router router) {
        router.route("/mcp*").order(Integer.MIN_VALUE + 10).handler(this::authenticate);
    }

    private void authenticate(RoutingContext rc) {
        String header = rc.request().getHeader("Authorization");
        String token = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
                ? header.substring(7).trim() : null;
        keys.authenticate(token).subscribe().with(caller -> {
            if (caller == null) {
                refuse(rc, ApiException.unauthorized(), 0);
                return;
            }
            long wait = limiter.acquire(caller.keyId(), caller.ratePerMinute());
            if (wait > 0) {
                refuse(rc, new ApiException(Problem.of(429, "rate-limited", "Too many requests",
                        "this key may make " + caller.ratePerMinute() + " requests per minute")), wait);
                return;
            }
            rc.put(CALLER, caller);
            rc.next();
        }, failure -> refuse(rc, new ApiException(Problem.of(503, "unavailable", "Service unavailable",
                "the key store cannot be reached; retry later")), 0));
    }

    private static void refuse(RoutingContext rc, ApiException e, long retryAfter) {
        if (retryAfter > 0) {
            rc.response().putHeader("Retry-After", String.valueOf(retryAfter));
        }
        rc.response().setStatusCode(e.problem().status()).putHeader("Content-Type", Problem.MEDIA_TYPE)
                .end(io.vertx.core.buffer.Buffer.buffer(Json.encode(e.problem())));
    }
}
