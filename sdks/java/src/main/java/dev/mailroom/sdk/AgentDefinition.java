package dev.mailroom.sdk;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A webhook agent class to create or change: its {@code name}, the local parts of its addresses, and where it is
 * served (URL, HMAC secret of at least 16 characters, timeout).
 * <pre>{@code AgentDefinition.webhook("Triage", "https://hooks.example.org/triage", secret).withAddresses("triage")}</pre>
 */
public record AgentDefinition(String name, List<String> addresses, String webhookUrl, String webhookSecret,
        Duration webhookTimeout) {

    public static AgentDefinition webhook(String name, String url, String secret) {
        return new AgentDefinition(name, null, url, secret, null);
    }

    public AgentDefinition withAddresses(String... addresses) {
        return new AgentDefinition(name, List.of(addresses), webhookUrl, webhookSecret, webhookTimeout);
    }

    public AgentDefinition withTimeout(Duration timeout) {
        return new AgentDefinition(name, addresses, webhookUrl, webhookSecret, timeout);
    }

    Map<String, Object> toJson() {
        Map<String, Object> hook = new LinkedHashMap<>();
        if (webhookUrl != null) {
            hook.put("url", webhookUrl);
        }
        if (webhookSecret != null) {
            hook.put("secret", webhookSecret);
        }
        if (webhookTimeout != null) {
            hook.put("timeout", webhookTimeout.toMillis() % 1000 == 0 ? webhookTimeout.toSeconds() + "s"
                    : webhookTimeout.toMillis() + "ms");
        }
        return new Body().put("name", name).put("addresses", addresses)
                .put("webhook", hook.isEmpty() ? null : hook).map;
    }
}
