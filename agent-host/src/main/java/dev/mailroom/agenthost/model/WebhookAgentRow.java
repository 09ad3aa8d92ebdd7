package dev.mailroom.agenthost.model;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import dev.mailroom.agenthost.config.AgentHostConfig;

/**
 * A webhook agent class created through the REST API (table {@code webhook_agent}): served like a configured webhook
 * ({@code mailroom.webhooks."<Class>"}), hence {@link AgentHostConfig.Webhook}.
 */
public record WebhookAgentRow(String name, List<String> addresses, String url, String secret, Duration timeout,
        Instant createdAt, Instant updatedAt) implements AgentHostConfig.Webhook {

    public WebhookAgentRow {
        addresses = List.copyOf(addresses);
    }

    @Override
    public String toString() { // never the secret
        return "WebhookAgentRow[name=" + name + ", addresses=" + addresses + ", url=" + url + "]";
    }
}
