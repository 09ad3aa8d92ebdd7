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

    /**
     * The api's own origin at the address and port this request came in on ({@code http://127.0.0.1:8080} for the
     * usual loopback binding), for the tools that call the api's own resources. Plain HTTP: the api's port is.
     */
    public String self() {
        io.vertx.core.net.SocketAddress local = context().request().localAddress();
        String host = local.hostAddress();
        if (host == null || host.isEmpty() || host.equals("0.0.0.0") || host.equals("::")) {
            host = "127.0.0.1";
        }
        return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + local.port();
    }

    private RoutingContext context() {
        RoutingContext rc = request.getCurrent();
        if (rc == null) {
            throw new ToolCallException("unauthenticated");
        }
        return rc;
    }
}
