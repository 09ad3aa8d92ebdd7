package dev.mailroom.api.config;

import java.net.URI;
import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Where the services that own part of the public API listen on their internal ports (ADR 0028). The api forwards
 * the routes of {@link dev.mailroom.api.upstream.Routes} to them.
 */
@ConfigMapping(prefix = "mailroom.upstream")
public interface UpstreamConfig {

    /** agent-host's internal HTTP port: agents, instances, drafts, schedules (env MAILROOM_UPSTREAM_AGENT_HOST_URL). */
    @WithDefault("http://127.0.0.1:8083")
    URI agentHostUrl();

    /** egress-sender's internal HTTP port: what the MTA owns (env MAILROOM_UPSTREAM_EGRESS_URL). */
    @WithDefault("http://127.0.0.1:8084")
    URI egressUrl();

    /** mailbox's internal HTTP port: mailboxes, threads, messages, webhooks, events (env MAILROOM_UPSTREAM_MAILBOX_URL). */
    @WithDefault("http://127.0.0.1:8085")
    URI mailboxUrl();

    /** How long to wait for an upstream's TCP connection before answering 503. */
    @WithDefault("2s")
    Duration connectTimeout();

    /**
     * How long a forwarded exchange may stay silent (no byte either way) before it is closed. Long enough for the
     * instance wait endpoint's longest poll and an event stream's keep-alive interval.
     */
    @WithDefault("5m")
    Duration idleTimeout();
}
