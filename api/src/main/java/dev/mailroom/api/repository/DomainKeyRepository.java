package dev.mailroom.api.repository;

import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import dev.mailroom.api.model.DomainKey;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class DomainKeyRepository implements PanacheRepositoryBase<DomainKey, Long> {

    /** Every key of {@code domain}, oldest first. */
    public Uni<List<DomainKey>> ofDomain(String domain) {
        return list("domain", Sort.by("createdAt").and("id"), domain);
    }

    /** Every key of the domains {@code names}, oldest first. */
    public Uni<List<DomainKey>> ofDomains(java.util.Collection<String> names) {
        return list("domain in ?1", Sort.by("createdAt").and("id"), names);
    }

    /** Keys retiring since before {@code before}. */
    public Uni<List<DomainKey>> retiringBefore(Instant before) {
        return list("status = ?1 and retiringAt < ?2", DomainKey.RETIRING, before);
    }

    public Uni<Long> deleteOfDomain(String domain) {
        return delete("domain", domain);
    }
}
