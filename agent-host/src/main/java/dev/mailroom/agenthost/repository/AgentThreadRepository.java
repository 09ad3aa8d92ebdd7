package dev.mailroom.agenthost.repository;

import java.util.Collection;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import dev.mailroom.agenthost.model.AgentThread;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class AgentThreadRepository implements PanacheRepositoryBase<AgentThread, String> {

    public Uni<List<AgentThread>> ofAgent(String agentKey) {
        return list("agentKey = ?1 order by updatedAt desc", agentKey);
    }

    public Uni<List<AgentThread>> byIds(Collection<String> ids) {
        return list("id in ?1", ids);
    }
}
