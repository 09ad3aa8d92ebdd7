package dev.mailroom.api.rest;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import dev.mailroom.contract.Json;
import dev.mailroom.platform.auth.ApiKeyVerifier;
import dev.mailroom.platform.auth.AuthenticationFilter;
import dev.mailroom.platform.auth.BearerToken;
import dev.mailroom.platform.auth.Caller;
import dev.mailroom.platform.problem.ApiException;
import dev.mailroom.platform.problem.Problem;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The MCP endpoint ({@code /mcp}, Vert.x routes of the MCP extension, outside JAX-RS) takes the same API keys and
 * problem documents as {@code /v1} (the rate limit is the edge's, {@code edge/Admission}): this handler runs first
 * and leaves the caller, and the key for calls the tools make on the caller's behalf, in the routing context.
 */
@ApplicationScoped
public class McpAuthentication {

    /** Routing-context key of the authenticated {@link Caller}. */
    public static final String CALLER = "mailroom.caller";

    /** Routing-context key of the caller's API key (never logged). */
    public static final String TOKEN = "mailroom.token";

    private final ApiKeyVerifier keys;

    public McpAuthentication(ApiKeyVerifier keys) {
        this.keys = keys;
    }

    void install(@Observes Router router) {
        router.route("/mcp*").order(Integer.MIN_VALUE + 10).handler(this::authenticate);
    }

    private void authenticate(RoutingContext rc) {
        String token = BearerToken.of(rc.request().getHeader("Authorization"));
        keys.verify(token).subscribe().with(caller -> {
            if (caller == null) {
                refuse(rc, ApiException.unauthorized());
                return;
            }
            rc.put(CALLER, caller);
            rc.put(TOKEN, token);
            rc.next();
        }, failure -> refuse(rc, AuthenticationFilter.unavailable()));
    }

    private static void refuse(RoutingContext rc, ApiException e) {
        if (e.retryAfterSeconds() > 0) {
            rc.response().putHeader("Retry-After", String.valueOf(e.retryAfterSeconds()));
        }
        Problem problem = e.problem().at(rc.request().path());
        rc.response().setStatusCode(problem.status()).putHeader("Content-Type", Problem.MEDIA_TYPE)
                .end(Buffer.buffer(Json.encode(problem)));
    }
}
