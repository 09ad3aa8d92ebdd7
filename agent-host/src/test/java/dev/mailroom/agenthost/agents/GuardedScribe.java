package dev.mailroom.agenthost.agents;

import jakarta.enterprise.context.ApplicationScoped;

import dev.mailroom.agent.AgentClass;

/** {@link ScribeAgent} under class {@code Guarded}, whose send policy the test profile sets. */
@AgentClass("Guarded")
@ApplicationScoped
public class GuardedScribe extends ScribeAgent {
}
