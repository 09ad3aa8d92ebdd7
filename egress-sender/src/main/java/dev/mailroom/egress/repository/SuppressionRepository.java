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

    public Uni<List<Suppression>> page(int offset, int limit) {
        return findAll(io.quarkus.panache.common.Sort.by("createdAt").descending()).range(offset, offset + limit - 1)
                .list();
    }
}
