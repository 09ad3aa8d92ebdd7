package dev.mailroom.agenthost.agents;

import jakarta.enterprise.context.ApplicationScoped;

import dev.mailroom.agent.AgentClass;

/** {@link FileReaderAgent} in a class whose attachment text is switched off (%test properties). */
@AgentClass("BlindReader")
@ApplicationScoped
public class BlindReaderAgent extends FileReaderAgent {
}
