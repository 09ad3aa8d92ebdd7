package dev.mailroom.egress.rest;

import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import dev.mailroom.egress.service.ApiKeys;
import dev.mailroom.egress.service.RateLimiter;
import io.smallrye.mutiny.Uni;

/**
 * Every {@code /v1} request needs {@code Authorization: Bearer <API key>} ({@code 401} otherwise) and stays within
 * its key's rate ({@code 429} with {@code Retry-After}). Health and the OpenAPI document under {@code /q} are open.
 */
public class AuthenticationFilter {

    private final ApiKeys keys;
    private final RateLimiter limiter;
    private final CurrentCaller current;

    public AuthenticationFilter(ApiKeys keys, RateLimiter limiter, CurrentCaller current) {
        this.keys = keys;
        this.limiter = limiter;
        this.current = current;
    }

    @ServerRequestFilter(priority = Priorities.AUTHENTICATION)
    public Uni<Response> authenticate(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if (!path.startsWith("/v1/") && !path.equals("/v1")) {
            return Uni.createFrom().nullItem();
        }
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        String token = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
                ? header.substring(7).trim() : null;
        return keys.authenticate(token).map(caller -> {
            if (caller == null) {
                return new ProblemMappers().api(ApiException.unauthorized());
            }
            long wait = limiter.acquire(caller.keyId(), caller.ratePerMinute());
            if (wait > 0) {
                return new ProblemMappers().api(new ApiException(Problem.of(429, "rate-limited", "Too many requests",
                        "this key may make " + caller.ratePerMinute() + " requests per minute"), wait));
            }
            current.set(caller);
            return null;
        });
    }
}
