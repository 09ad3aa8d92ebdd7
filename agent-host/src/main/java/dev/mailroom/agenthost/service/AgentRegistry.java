package dev.mailroom.agenthost.service;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;

import dev.mailroom.agent.Agent;
import dev.mailroom.agent.AgentClass;
import dev.mailroom.agenthost.config.AgentHostConfig;
import dev.mailroom.agenthost.webhook.WebhookAgent;
import dev.mailroom.agenthost.webhook.WebhookClient;
import io.quarkus.arc.ClientProxy;
import io.quarkus.logging.Log;

/**
 * The agents of this host by class name: the agent beans, a {@link WebhookAgent} per configured webhook class, and
 * the agents of {@link AgentJars}. Two claiming one class name is a startup error. Webhook classes created through
 * the REST API ({@link StoredWebhookAgents}) are found after these.
 */
@ApplicationScoped
public class AgentRegistry {

    private final Map<String, Agent> byClass = new HashMap<>();

    public AgentRegistry(@Any Instance<Agent> agents, AgentHostConfig config, WebhookClient webhooks,
            AgentJars jars, StoredWebhookAgents stored) {
        this.stored = stored;
        for (Agent agent : agents) {
            Class<?> type = ClientProxy.unwrap(agent).getClass();
            AgentClass annotation = type.getAnnotation(AgentClass.class);
            if (annotation == null) {
                throw new IllegalStateException("agent bean " + type.getName() + " lacks @AgentClass");
            }
            Agent previous = byClass.putIfAbsent(annotation.value(), agent);
            if (previous != null) {
                throw new IllegalStateException("two agent beans for class " + annotation.value());
            }
            Log.infof("agent registered class=%s bean=%s", annotation.value(), type.getSimpleName());
        }
        config.webhooks().classes().forEach((className, hook) -> {
            if (hook.secret().length() < 16) {
                throw new IllegalStateException("webhook secret of class " + className + " is shorter than 16");
            }
            if (byClass.putIfAbsent(className, new WebhookAgent(hook, webhooks)) != null) {
                throw new IllegalStateException("class " + className + " is both a bean and a webhook");
            }
            Log.infof("agent registered class=%s webhook=%s", className, hook.url());
        });
        // agents from jars of their own, mailroom.agent.path (ADR 0022)
        jars.agents().forEach((className, agent) -> {
            if (byClass.putIfAbsent(className, agent) != null) {
                throw new IllegalStateException("class " + className + " of " + jars.origin(className)
                        + " is already a bean or a webhook");
            }
        });
    }

    /** The registered class names, sorted. */
    public java.util.List<String> classes() {
        return java.util.stream.Stream.concat(byClass.keySet().stream(), stored.rows().stream().map(r -> r.name()))
                .distinct().sorted().toList();
    }

    public Optional<Agent> find(String className) {
        return Optional.ofNullable(byClass.get(className)).or(() -> stored.find(className));
    }

    // ---- agent registry (ADR 0024): classes stored through the REST API come after those of code and config ----

    private final StoredWebhookAgents stored;

    /** The classes of this process's code and configuration (agent beans, configured webhooks), sorted. */
    public java.util.List<String> staticClasses() {
        return byClass.keySet().stream().sorted().toList();
    }

    /** Whether {@code className} is one of {@link #staticClasses()} served by a configured webhook. */
    public boolean configuredWebhook(String className) {
        return byClass.get(className) instanceof WebhookAgent;
    }
}
