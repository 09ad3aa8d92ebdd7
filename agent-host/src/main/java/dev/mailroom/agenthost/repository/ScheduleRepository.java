package dev.mailroom.agenthost.repository;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import dev.mailroom.agenthost.model.AgentSchedule;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class ScheduleRepository implements PanacheRepositoryBase<AgentSchedule, String> {

    /** Schedules with {@code status} (all when null), soonest first, at most {@code limit}. */
    public Uni<List<AgentSchedule>> withStatus(AgentSchedule.Status status, int limit) {
        return (status == null ? find("order by dueAt") : find("status = ?1 order by dueAt", status))
                .page(0, limit).list();
    }
}
