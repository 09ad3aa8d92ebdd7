package dev.mailroom.egress.repository;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import dev.mailroom.egress.model.Delivery;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class DeliveryRepository implements PanacheRepositoryBase<Delivery, Long> {

    /**
     * Claims up to {@code limit} due pending recipients: moves their next attempt a lease ahead (so another worker
     * or replica skips them, and a crashed worker's claims come due again by themselves) and returns them.
     */
    public Uni<List<Delivery>> claimDue(Instant now, Duration lease, int limit) {
        // Panache's query hints are not supported by Hibernate Reactive: SKIP LOCKED in native SQL
        return getSession().chain(session -> session.createNativeQuery(
                "update egress.delivery set next_attempt_at = :leaseEnd where id in (select id from egress.delivery"
                        + " where status = 'pending' and next_attempt_at <= :now order by next_attempt_at"
                        + " limit :limit for update skip locked) returning *", Delivery.class)
                .setParameter("leaseEnd", now.plus(lease))
                .setParameter("now", now)
                .setParameter("limit", limit)
                .getResultList())
                // RETURNING follows the physical row order: sort, so recipients are tried (RCPT) in request order
                .map(rows -> rows.stream().sorted(java.util.Comparator.comparing((Delivery d) -> d.id)).toList());
    }

    public Uni<List<Delivery>> forMessage(String messageId) {
        return list("messageId = ?1 order by id", messageId);
    }

    /** The earliest next attempt among pending recipients, null when none is pending. */
    public Uni<Instant> nextDue() {
        return find("select min(nextAttemptAt) from Delivery where status = 'pending'").project(Instant.class)
                .firstResult();
    }
}
