package dev.mailroom.agenthost.agents;

import jakarta.enterprise.context.ApplicationScoped;

import dev.mailroom.agent.AgentClass;

/** {@link ScribeAgent} under class {@code Shy}, whose send policy the test profile sets. */
@AgentClass("Shy")
@ApplicationScoped
public class ShyScribe extends ScribeAgent {
}
