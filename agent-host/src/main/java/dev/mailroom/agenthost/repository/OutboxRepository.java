package dev.mailroom.agenthost.repository;

import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import dev.mailroom.agenthost.model.OutboxMessage;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class OutboxRepository implements PanacheRepositoryBase<OutboxMessage, String> {

    /**
     * The oldest unpublished records, locked for this transaction; rows another relay holds are skipped, so
     * replicas publish disjoint batches. Only rows created at or before {@code createdBefore}.
     */
    public Uni<List<OutboxMessage>> lockPending(int limit, Instant createdBefore) {
        // Panache's query hints are not supported by Hibernate Reactive: SKIP LOCKED in native SQL
        return getSession().chain(session -> session
                .createNativeQuery("select * from outbox_message where published_at is null and created_at <= :before"
                        + " order by created_at limit :limit for update skip locked", OutboxMessage.class)
                .setParameter("before", createdBefore)
                .setParameter("limit", limit)
                .getResultList());
    }

    public Uni<Integer> markPublished(List<String> ids, Instant at) {
        return update("publishedAt = ?1 where id in ?2", at, ids);
    }
}
