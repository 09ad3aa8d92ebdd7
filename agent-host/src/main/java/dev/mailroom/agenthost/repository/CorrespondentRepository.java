package dev.mailroom.agenthost.repository;

import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import dev.mailroom.agenthost.model.Correspondent;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class CorrespondentRepository implements PanacheRepositoryBase<Correspondent, Correspondent.Key> {

    /** Which of {@code addresses} (lower case) {@code agentKey} has exchanged mail with. */
    public Uni<Set<String>> known(String agentKey, Collection<String> addresses) {
        if (addresses.isEmpty()) {
            return Uni.createFrom().item(Set.of());
        }
        return list("agentKey = ?1 and address in ?2", agentKey, addresses)
                .map(found -> {
                    Set<String> out = new HashSet<>();
                    found.forEach(c -> out.add(c.address));
                    return out;
                });
    }

    /** Records {@code addresses} (lower case) as correspondents; those already known are left as they are. */
    public Uni<Void> remember(String agentKey, List<String> addresses, Instant at) {
        if (addresses.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return getSession().chain(session -> session.createNativeQuery(
                "insert into correspondent (agent_key, address, first_at) select :key, a, :at from unnest(cast(:addresses as text[])) a"
                        + " on conflict do nothing")
                .setParameter("key", agentKey)
                .setParameter("at", at)
                .setParameter("addresses", addresses.toArray(String[]::new))
                .executeUpdate())
                .replaceWithVoid();
    }
}
