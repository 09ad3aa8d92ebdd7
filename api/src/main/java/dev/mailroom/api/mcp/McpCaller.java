package dev.mailroom.api.mcp;

import jakarta.enterprise.context.ApplicationScoped;

import dev.mailroom.api.rest.McpAuthentication;
import dev.mailroom.platform.auth.Caller;
import io.quarkiverse.mcp.server.ToolCallException;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.vertx.ext.web.RoutingContext;

/**
 * Who calls a tool: the caller and its key that {@link McpAuthentication} left in the routing context of the
 * {@code /mcp} request. Tools pass the key on to the owners, which check it as for {@code /v1}.
 */
@ApplicationScoped
public class McpCaller {

    private final CurrentVertxRequest request;

    public McpCaller(CurrentVertxRequest request) {
        this.request = request;
    }

    /** The authenticated caller; a tool error when there is none (never reached behind the authentication). */
    public Caller caller() {
        Caller caller = context().get(McpAuthentication.CALLER);
        if (caller == null) {
            throw new ToolCallException("unauthenticated");
        }
        return caller;
    }

    /** The caller's API key, to pass on (never logged). */
    public String token() {
        caller();
        return context().get(McpAuthentication.TOKEN);
    }

    /** The api's own origin as this request reached it, on loopback ({@code http://127.0.0.1:<port>}). */
    public String self() {
        return "http://127.0.0.1:" + context().request().localAddress().port();
    }

    private RoutingContext context() {
        RoutingContext rc = request.getCurrent();
        if (rc == null) {
            throw new ToolCallException("unauthenticated");
        }
        return rc;
    }
}
