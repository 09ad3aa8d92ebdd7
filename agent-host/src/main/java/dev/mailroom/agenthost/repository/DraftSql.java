package dev.mailroom.agenthost.repository;

import jakarta.enterprise.context.ApplicationScoped;

import dev.mailroom.agenthost.model.Draft;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Draft decisions on the reactive client, in the transaction that writes what an approval sends
 * ({@link AgentSql#write}); drafts are created by {@link AgentSql#write} and listed through Hibernate.
 */
@ApplicationScoped
public class DraftSql {

    /** Draft {@code id} locked for this transaction, or null. */
    public Uni<Draft> lock(SqlClient sql, String id) {
        return sql.preparedQuery("select id, agent_key, class_name, thread_id, request, reason, status, causation_id,"
                + " created_at, decided_at, decided_by, decision_reason from draft where id = $1 for update")
                .execute(Tuple.of(id)).map(rows -> AgentSql.first(rows, r -> {
                    Draft d = new Draft();
                    d.id = r.getString("id");
                    d.agentKey = r.getString("agent_key");
                    d.className = r.getString("class_name");
                    d.threadId = r.getString("thread_id");
                    d.request = r.getString("request");
                    d.reason = r.getString("reason");
                    d.status = Draft.Status.valueOf(r.getString("status"));
                    d.causationId = r.getString("causation_id");
                    d.createdAt = AgentSql.instant(r, "created_at");
                    d.decidedAt = AgentSql.instant(r, "decided_at");
                    d.decidedBy = r.getString("decided_by");
                    d.decisionReason = r.getString("decision_reason");
                    return d;
                }));
    }

    /** Stores the decision of {@code d}: status, time, who, why, and the request as approved. */
    public Uni<Void> decide(SqlClient sql, Draft d) {
        return sql.preparedQuery("update draft set status = $2, decided_at = $3, decided_by = $4, request = $5,"
                + " decision_reason = $6 where id = $1")
                .execute(Tuple.from(new Object[] {d.id, d.status.name(), AgentSql.at(d.decidedAt), d.decidedBy,
                        d.request, d.decisionReason}))
                .replaceWithVoid();
    }
}
