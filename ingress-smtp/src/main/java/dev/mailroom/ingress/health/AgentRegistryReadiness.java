package dev.mailroom.ingress.health;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import dev.mailroom.ingress.config.IngressConfig;
import dev.mailroom.platform.table.AgentTable;

/**
 * Ready when RCPT can judge local parts: the agent registry is loaded and not empty (or a catch-all accepts any).
 * Until then RCPT answers {@code 451} for unknown local parts (ADR 0024).
 */
@Readiness
@ApplicationScoped
public class AgentRegistryReadiness implements HealthCheck {

    private final AgentTable agents;
    private final IngressConfig config;

    public AgentRegistryReadiness(AgentTable agents, IngressConfig config) {
        this.agents = agents;
        this.config = config;
    }

    @Override
    public HealthCheckResponse call() {
        boolean catchAll = config.smtp().recipients().catchAll();
        boolean up = catchAll || agents.loaded() && !agents.empty();
        return HealthCheckResponse.named("agent-registry").status(up).withData("loaded", agents.loaded())
                .withData("addresses", agents.addresses().size()).withData("catch-all", catchAll).build();
    }
}
