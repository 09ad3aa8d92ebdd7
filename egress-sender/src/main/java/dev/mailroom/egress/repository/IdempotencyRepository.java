package dev.mailroom.egress.repository;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * Idempotency keys of the REST API (native SQL: a composite key needs no entity), here their expiry; the accept path
 * reads and writes them with {@link MessageSql}. Runs in the caller's session.
 */
@ApplicationScoped
public class IdempotencyRepository {

    /** Forgets keys older than {@code before}. */
    public Uni<Integer> deleteBefore(Instant before) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                "delete from egress.idempotency_key where created_at < :t").setParameter("t", before).executeUpdate());
    }
}
