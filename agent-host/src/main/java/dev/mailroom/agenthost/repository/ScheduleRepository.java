package dev.mailroom.agenthost.repository;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import dev.mailroom.agenthost.model.AgentSchedule;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class ScheduleRepository implements PanacheRepositoryBase<AgentSchedule, String> {

    /**
     * The most overdue pending schedule, locked for this transaction; rows another poller holds are skipped, so
     * replicas fire disjoint schedules. Null when nothing is due.
     */
    public Uni<AgentSchedule> claimDue() {
        return getSession().chain(session -> session
                .createNativeQuery("select * from agent_schedule where status = 'PENDING' and due_at <= now()"
                        + " order by due_at limit 1 for update skip locked", AgentSchedule.class)
                .getResultList())
                .map(rows -> rows.isEmpty() ? null : rows.get(0));
    }

    /** Schedules with {@code status} (all when null), soonest first, at most {@code limit}. */
    public Uni<List<AgentSchedule>> withStatus(AgentSchedule.Status status, int limit) {
        return (status == null ? find("order by dueAt") : find("status = ?1 order by dueAt", status))
                .page(0, limit).list();
    }
}
