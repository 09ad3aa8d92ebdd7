package dev.mailroom.agenthost.repository;

import jakarta.enterprise.context.ApplicationScoped;

import dev.mailroom.agenthost.model.AgentInstance;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class AgentInstanceRepository implements PanacheRepositoryBase<AgentInstance, String> {

    /** Instances of {@code className} by name (unique within the class), after {@code afterInstance} when given. */
    public Uni<java.util.List<AgentInstance>> ofClass(String className, String afterInstance, int limit) {
        return (afterInstance == null ? find("className = ?1 order by instance", className)
                : find("className = ?1 and instance > ?2 order by instance", className, afterInstance))
                .page(0, limit).list();
    }

    /** As {@link #ofClass(String, String, int)}, only instances whose address is in one of {@code domains}. */
    public Uni<java.util.List<AgentInstance>> ofClass(String className, String afterInstance, int limit,
            java.util.Collection<String> domains) {
        return find("className = ?1 and instance > ?2"
                + " and lower(substring(address, locate('@', address) + 1)) in ?3 order by instance", className,
                afterInstance == null ? "" : afterInstance, domains).page(0, limit).list();
    }
}
