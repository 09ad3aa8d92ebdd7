package dev.mailroom.egress.repository;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/** Idempotency keys of the REST API (native SQL: a composite key needs no entity). Runs in the caller's session. */
@ApplicationScoped
public class IdempotencyRepository {

    /** A stored answer for (key id, idempotency key): [request hash, response JSON], or null. */
    public Uni<Object[]> find(String apiKeyId, String idemKey) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                "select request_sha256, response from egress.idempotency_key where api_key_id = :k and idem_key = :i",
                Object[].class)
                .setParameter("k", apiKeyId).setParameter("i", idemKey)
                .getSingleResultOrNull());
    }

    /** Records the answer; false when another request recorded one first (unique key). */
    public Uni<Boolean> insert(String apiKeyId, String idemKey, String requestHash, String response, Instant at) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                "insert into egress.idempotency_key (api_key_id, idem_key, request_sha256, response, created_at)"
                        + " values (:k, :i, :h, :r, :t) on conflict do nothing")
                .setParameter("k", apiKeyId).setParameter("i", idemKey).setParameter("h", requestHash)
                .setParameter("r", response).setParameter("t", at)
                .executeUpdate()).map(n -> n == 1);
    }

    /** Forgets keys older than {@code before}. */
    public Uni<Integer> deleteBefore(Instant before) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                "delete from egress.idempotency_key where created_at < :t").setParameter("t", before).executeUpdate());
    }
}
