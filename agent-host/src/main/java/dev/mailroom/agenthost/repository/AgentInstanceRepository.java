package dev.mailroom.agenthost.repository;

import jakarta.enterprise.context.ApplicationScoped;

import dev.mailroom.agenthost.model.AgentInstance;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class AgentInstanceRepository implements PanacheRepositoryBase<AgentInstance, String> {

    public Uni<java.util.List<AgentInstance>> ofClass(String className) {
        return list("className = ?1 order by instance", className);
    }
}
