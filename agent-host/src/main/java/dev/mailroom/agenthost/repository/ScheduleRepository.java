package dev.mailroom.agenthost.repository;

import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import dev.mailroom.agenthost.model.AgentSchedule;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class ScheduleRepository implements PanacheRepositoryBase<AgentSchedule, String> {

    /**
     * Schedules with {@code status} (all when null), soonest first (id breaks ties: a stable order), after the
     * position {@code (afterDue, afterId)} when given, at most {@code limit}.
     */
    public Uni<List<AgentSchedule>> page(AgentSchedule.Status status, Instant afterDue, String afterId, int limit) {
        StringBuilder where = new StringBuilder("1 = 1");
        Parameters params = new Parameters();
        if (status != null) {
            where.append(" and status = :status");
            params.and("status", status);
        }
        if (afterDue != null) {
            where.append(" and (dueAt > :t or (dueAt = :t and id > :id))");
            params.and("t", afterDue).and("id", afterId);
        }
        return find(where + " order by dueAt, id", params).page(0, limit).list();
    }
}
