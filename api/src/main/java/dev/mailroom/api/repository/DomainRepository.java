package dev.mailroom.api.repository;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import dev.mailroom.api.model.Domain;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class DomainRepository implements PanacheRepositoryBase<Domain, String> {

    /**
     * Up to {@code limit} domains named after {@code after} (null: from the first), by name; {@code only} (null:
     * every domain) restricts them to those names.
     */
    public Uni<List<Domain>> page(String after, Collection<String> only, int limit) {
        List<String> where = new ArrayList<>();
        Map<String, Object> params = new HashMap<>();
        if (after != null) {
            where.add("name > :after");
            params.put("after", after);
        }
        if (only != null) {
            if (only.isEmpty()) {
                return Uni.createFrom().item(List.of());
            }
            where.add("name in :only");
            params.put("only", only);
        }
        var query = where.isEmpty() ? findAll(Sort.by("name")) : find(String.join(" and ", where), Sort.by("name"),
                params);
        return limit == Integer.MAX_VALUE ? query.list() : query.page(0, limit).list();
    }
}
