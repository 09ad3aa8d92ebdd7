package dev.mailroom.agenthost.repository;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import dev.mailroom.agenthost.model.Draft;
import dev.mailroom.platform.page.Keyset;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class DraftRepository implements PanacheRepositoryBase<Draft, String> {

    /**
     * Drafts with {@code status} (all when null), oldest first (id breaks ties: a stable order), after the position
     * {@code after} (creation time, id) when given, at most {@code limit}.
     */
    public Uni<List<Draft>> page(Draft.Status status, Keyset after, int limit) {
        KeysetQuery q = KeysetQuery.of("createdAt", status, after);
        return find(q.query(), q.params()).page(0, limit).list();
    }

    public Uni<List<Draft>> ofAgent(String agentKey) {
        return list("agentKey = ?1 order by createdAt", agentKey);
    }
}
