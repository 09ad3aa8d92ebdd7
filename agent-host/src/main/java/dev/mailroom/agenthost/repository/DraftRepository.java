package dev.mailroom.agenthost.repository;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import dev.mailroom.agenthost.model.Draft;
import dev.mailroom.platform.page.Keyset;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class DraftRepository implements PanacheRepositoryBase<Draft, String> {

    /**
     * Drafts with {@code status} (all when null), oldest first (id breaks ties: a stable order), after the position
     * {@code after} (creation time, id) when given, at most {@code limit}.
     */
    public Uni<List<Draft>> page(Draft.Status status, Keyset after, int limit) {
        StringBuilder where = new StringBuilder("1 = 1");
        Parameters params = new Parameters();
        if (status != null) {
            where.append(" and status = :status");
            params.and("status", status);
        }
        if (after != null) {
            where.append(" and (createdAt > :t or (createdAt = :t and id > :id))");
            params.and("t", after.at()).and("id", after.id());
        }
        return find(where + " order by createdAt, id", params).page(0, limit).list();
    }

    public Uni<List<Draft>> ofAgent(String agentKey) {
        return list("agentKey = ?1 order by createdAt", agentKey);
    }
}
