package dev.mailroom.egress.repository;

import java.util.Collection;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import dev.mailroom.egress.model.Suppression;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class SuppressionRepository implements PanacheRepositoryBase<Suppression, String> {

    /** The suppressed addresses among {@code addresses} (lower case). */
    public Uni<List<Suppression>> among(Collection<String> addresses) {
        return addresses.isEmpty() ? Uni.createFrom().item(List.of()) : list("address in ?1", addresses);
    }

    /**
     * Newest first, the address (the key) breaking ties: a stable order; before the position
     * {@code (beforeCreated, beforeAddress)} when given; at most {@code limit}.
     */
    public Uni<List<Suppression>> page(java.time.Instant beforeCreated, String beforeAddress, int limit) {
        return (beforeCreated == null ? find("order by createdAt desc, address desc")
                : find("createdAt < ?1 or (createdAt = ?1 and address < ?2) order by createdAt desc, address desc",
                        beforeCreated, beforeAddress))
                .page(0, limit).list();
    }
}
