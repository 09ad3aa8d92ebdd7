package dev.mailroom.agenthost.repository;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import dev.mailroom.agenthost.model.AgentInstance;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class AgentInstanceRepository implements PanacheRepositoryBase<AgentInstance, String> {

    /**
     * The instance, its row locked until the transaction ends ({@code FOR UPDATE}): calls of one instance (a message
     * here, a schedule in another process) are serialised by the database. Null when the instance does not exist yet.
     */
    public Uni<AgentInstance> lock(String key) {
        return findById(key, LockModeType.PESSIMISTIC_WRITE);
    }

    public Uni<java.util.List<AgentInstance>> ofClass(String className) {
        return list("className = ?1 order by instance", className);
    }
}
