package dev.mailroom.agenthost.repository;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import dev.mailroom.agenthost.model.Draft;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class DraftRepository implements PanacheRepositoryBase<Draft, String> {

    /** Drafts with {@code status} (all when null), oldest first, at most {@code limit}. */
    public Uni<List<Draft>> withStatus(Draft.Status status, int limit) {
        return (status == null ? find("order by createdAt") : find("status = ?1 order by createdAt", status))
                .page(0, limit).list();
    }

    public Uni<List<Draft>> ofAgent(String agentKey) {
        return list("agentKey = ?1 order by createdAt", agentKey);
    }
}
