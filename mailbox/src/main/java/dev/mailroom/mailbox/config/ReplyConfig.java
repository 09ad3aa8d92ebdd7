package dev.mailroom.mailbox.config;

import java.net.URI;
import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Replies, reply-all and forwards from a mailbox ({@code service/Replies}). */
@ConfigMapping(prefix = "mailroom.mailbox")
public interface ReplyConfig {

    /**
     * agent-host's internal URL: replies from an agent mailbox are sent through its
     * {@code POST /v1/agents/{class}/instances/{instance}/send} (the class's send policy), and a thread's drafts come
     * from its {@code GET /v1/drafts} (env MAILROOM_MAILBOX_AGENT_HOST_URL).
     */
    @WithDefault("http://127.0.0.1:8083")
    URI agentHostUrl();

    /** How long agent-host may take to answer before the reply answers {@code 503 upstream-unavailable}. */
    @WithDefault("10s")
    Duration agentHostTimeout();

    /**
     * How long Kafka may take to acknowledge a reply of a plain mailbox before it answers
     * {@code 503 kafka-unavailable} and nothing was accepted (env MAILROOM_MAILBOX_SEND_TIMEOUT); the producer of
     * channel {@code outbound-send} drops an unacknowledged record by then ({@code delivery.timeout.ms}).
     */
    @WithDefault("5s")
    Duration sendTimeout();
}
