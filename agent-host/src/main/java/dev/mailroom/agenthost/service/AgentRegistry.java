package dev.mailroom.agenthost.service;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;

import dev.mailroom.agenthost.agent.Agent;
import dev.mailroom.agenthost.agent.AgentClass;
import io.quarkus.arc.ClientProxy;
import io.quarkus.logging.Log;

/** The agent beans of this host, by class name. Two beans claiming one class name is a startup error. */
@ApplicationScoped
public class AgentRegistry {

    private final Map<String, Agent> byClass = new HashMap<>();

    public AgentRegistry(@Any Instance<Agent> agents) {
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
    }

    /** The registered class names, sorted. */
    public java.util.List<String> classes() {
        return byClass.keySet().stream().sorted().toList();
    }

    public Optional<Agent> find(String className) {
        return Optional.ofNullable(byClass.get(className));
    }
}
