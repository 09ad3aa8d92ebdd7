package dev.mailroom.egress.repository;

import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import dev.mailroom.egress.model.DomainKey;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class DomainKeyRepository implements PanacheRepositoryBase<DomainKey, Long> {

    /** Every key of {@code domain}, oldest first. */
    public Uni<List<DomainKey>> ofDomain(String domain) {
        return list("domain", Sort.by("createdAt").and("id"), domain);
    }

    /** The keys that are not retired, of every domain, oldest first. */
    public Uni<List<DomainKey>> usable() {
        return list("status <> ?1", Sort.by("createdAt").and("id"), DomainKey.RETIRED);
    }

    /** Keys retiring since before {@code before}. */
    public Uni<List<DomainKey>> retiringBefore(Instant before) {
        return list("status = ?1 and retiringAt < ?2", DomainKey.RETIRING, before);
    }

    public Uni<Long> deleteOfDomain(String domain) {
        return delete("domain", domain);
    }
}
