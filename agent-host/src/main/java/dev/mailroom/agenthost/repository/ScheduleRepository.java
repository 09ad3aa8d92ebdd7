package dev.mailroom.agenthost.repository;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import dev.mailroom.agenthost.model.AgentSchedule;
import dev.mailroom.platform.page.Keyset;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class ScheduleRepository implements PanacheRepositoryBase<AgentSchedule, String> {

    /**
     * Schedules with {@code status} (all when null), soonest first (id breaks ties: a stable order), after the
     * position {@code after} (due time, id) when given, at most {@code limit}.
     */
    public Uni<List<AgentSchedule>> page(AgentSchedule.Status status, Keyset after, int limit) {
        StringBuilder where = new StringBuilder("1 = 1");
        Parameters params = new Parameters();
        if (status != null) {
            where.append(" and status = :status");
            params.and("status", status);
        }
        if (after != null) {
            where.append(" and (dueAt > :t or (dueAt = :t and id > :id))");
            params.and("t", after.at()).and("id", after.id());
        }
        return find(where + " order by dueAt, id", params).page(0, limit).list();
    }
}
