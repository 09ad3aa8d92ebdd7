package dev.mailroom.api.upstream;

import java.util.List;
import java.util.Optional;

/**
 * The forwarding table, as ordered data: which public path prefix another service owns (ADR 0028). The first route
 * whose prefix matches wins; a path no route matches is the api's own (its resources, /mcp, /openapi, /q). Moving an
 * endpoint into the api is deleting its line here.
 */
public final class Routes {

    /** One route: requests under {@code prefix} (the path itself or below it) go to {@code upstream}. */
    public record Route(String prefix, Upstream upstream) {

        boolean matches(String path) {
            return path.equals(prefix) || path.startsWith(prefix + "/");
        }
    }

    /** The table, in order. */
    public static final List<Route> TABLE = List.of(
            new Route("/v1/agents", Upstream.AGENT_HOST),
            new Route("/v1/drafts", Upstream.AGENT_HOST),
            new Route("/v1/schedules", Upstream.AGENT_HOST),
            new Route("/v1/mailboxes", Upstream.MAILBOX),
            new Route("/v1/threads", Upstream.MAILBOX),
            new Route("/v1/labels", Upstream.MAILBOX),
            new Route("/v1/messages", Upstream.MAILBOX),
            new Route("/v1/suppressions", Upstream.EGRESS),
            new Route("/v1/webhooks", Upstream.MAILBOX),
            new Route("/v1/events", Upstream.MAILBOX));

    private Routes() {
    }

    /** The route of {@code path}, if another service owns it. */
    public static Optional<Route> of(String path) {
        return TABLE.stream().filter(r -> r.matches(path)).findFirst();
    }
}
