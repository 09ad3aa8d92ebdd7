package dev.mailroom.agenthost.repository;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import dev.mailroom.agenthost.model.AgentSchedule;
import dev.mailroom.platform.page.Keyset;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class ScheduleRepository implements PanacheRepositoryBase<AgentSchedule, String> {

    /**
     * Schedules with {@code status} (all when null), soonest first (id breaks ties: a stable order), after the
     * position {@code after} (due time, id) when given, at most {@code limit}.
     */
    public Uni<List<AgentSchedule>> page(AgentSchedule.Status status, Keyset after, int limit) {
        KeysetQuery q = KeysetQuery.of("dueAt", status, after);
        return find(q.query(), q.params()).page(0, limit).list();
    }

    /** As {@link #page(AgentSchedule.Status, Keyset, int)}, of instance {@code agentKey} only. */
    public Uni<List<AgentSchedule>> page(AgentSchedule.Status status, Keyset after, int limit, String agentKey) {
        KeysetQuery q = KeysetQuery.of("dueAt", status, after, "agentKey = :agent",
                io.quarkus.panache.common.Parameters.with("agent", agentKey));
        return find(q.query(), q.params()).page(0, limit).list();
    }

    /**
     * As {@link #page(AgentSchedule.Status, Keyset, int)}, of the instances whose address is in one of
     * {@code domains} (lower case): what a key scoped to those domains may list.
     */
    public Uni<List<AgentSchedule>> page(AgentSchedule.Status status, Keyset after, int limit, List<String> domains) {
        KeysetQuery q = KeysetQuery.of("dueAt", status, after, "exists (select 1 from AgentInstance i"
                + " where i.id = agentKey and lower(substring(i.address, locate('@', i.address) + 1)) in :domains)",
                io.quarkus.panache.common.Parameters.with("domains", domains));
        return find(q.query(), q.params()).page(0, limit).list();
    }
}
