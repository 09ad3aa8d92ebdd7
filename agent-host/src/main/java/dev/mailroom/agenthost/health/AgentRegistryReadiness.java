package dev.mailroom.agenthost.health;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import dev.mailroom.agenthost.service.AgentDirectory;

/** Ready once this host has published its agent classes to {@code mailroom.agents} (ADR 0024). */
@Readiness
@ApplicationScoped
public class AgentRegistryReadiness implements HealthCheck {

    private final AgentDirectory directory;

    public AgentRegistryReadiness(AgentDirectory directory) {
        this.directory = directory;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("agent-registry").status(directory.published()).build();
    }
}
