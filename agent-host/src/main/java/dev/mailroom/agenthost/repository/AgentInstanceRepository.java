package dev.mailroom.agenthost.repository;

import jakarta.enterprise.context.ApplicationScoped;

import dev.mailroom.agenthost.model.AgentInstance;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;

@ApplicationScoped
public class AgentInstanceRepository implements PanacheRepositoryBase<AgentInstance, String> {
}
