package dev.mailroom.agenthost.repository;


import jakarta.enterprise.context.ApplicationScoped;

import dev.mailroom.agenthost.model.AgentSchedule;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Schedule rows for {@code ScheduleRunner}, in the same transactions (reactive client) as the effects of the calls
 * they start; a fired schedule is marked by {@link AgentSql#write}. The REST API reads them through Hibernate.
 */
@ApplicationScoped
public class ScheduleSql {

    private static final String COLUMNS = "id, agent_key, class_name, instance, thread_id, payload, due_at, status,"
            + " attempts, last_error, causation_id";

    /**
     * The most overdue pending schedule, locked for this transaction; rows another poller holds are skipped, so
     * replicas fire disjoint schedules. Null when nothing is due.
     */
    public Uni<AgentSchedule> claimDue(SqlClient sql) {
        return sql.query("select " + COLUMNS + " from agent_schedule where status = 'PENDING' and due_at <= now()"
                + " order by due_at limit 1 for update skip locked").execute().map(ScheduleSql::first);
    }

    /** Schedule {@code id} locked for this transaction, or null. */
    public Uni<AgentSchedule> lock(SqlClient sql, String id) {
        return sql.preparedQuery("select " + COLUMNS + " from agent_schedule where id = $1 for update")
                .execute(Tuple.of(id)).map(ScheduleSql::first);
    }

    /** Stores the status, attempts, error and due time of {@code s}. */
    public Uni<Void> update(SqlClient sql, AgentSchedule s) {
        return sql.preparedQuery("update agent_schedule set status = $2, attempts = $3, last_error = $4, due_at = $5"
                + " where id = $1")
                .execute(Tuple.of(s.id, s.status.name(), s.attempts, s.lastError, AgentSql.at(s.dueAt)))
                .replaceWithVoid();
    }

    private static AgentSchedule first(RowSet<Row> rows) {
        return AgentSql.first(rows, ScheduleSql::schedule);
    }

    private static AgentSchedule schedule(Row r) {
        AgentSchedule s = new AgentSchedule();
        s.id = r.getString("id");
        s.agentKey = r.getString("agent_key");
        s.className = r.getString("class_name");
        s.instance = r.getString("instance");
        s.threadId = r.getString("thread_id");
        s.payload = r.getString("payload");
        s.dueAt = AgentSql.instant(r, "due_at");
        s.status = AgentSchedule.Status.valueOf(r.getString("status"));
        s.attempts = r.getInteger("attempts");
        s.lastError = r.getString("last_error");
        s.causationId = r.getString("causation_id");
        return s;
    }
}
