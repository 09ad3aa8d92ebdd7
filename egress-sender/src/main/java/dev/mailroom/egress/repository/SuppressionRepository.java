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
     * {@code before} (creation time, address) when given; at most {@code limit}.
     */
    public Uni<List<Suppression>> page(dev.mailroom.platform.page.Keyset before, int limit) {
        return (before == null ? find("order by createdAt desc, address desc")
                : find("createdAt < ?1 or (createdAt = ?1 and address < ?2) order by createdAt desc, address desc",
                        before.at(), before.id()))
                .page(0, limit).list();
    }
}
