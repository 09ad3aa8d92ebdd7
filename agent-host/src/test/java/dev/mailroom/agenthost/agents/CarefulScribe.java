package dev.mailroom.agenthost.agents;

import jakarta.enterprise.context.ApplicationScoped;

import dev.mailroom.agent.AgentClass;

/** {@link ScribeAgent} under class {@code Careful}, whose send policy the test profile sets. */
@AgentClass("Careful")
@ApplicationScoped
public class CarefulScribe extends ScribeAgent {
}
