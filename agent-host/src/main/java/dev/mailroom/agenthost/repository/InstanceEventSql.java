package dev.mailroom.agenthost.repository;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The recent events of one instance, newest first, read from what agent-host keeps anyway: its history
 * ({@code agent_message}: received, sent), its drafts (held, approved, rejected) and its schedules (scheduled, fired,
 * failed). Nothing is written for it; each source is read through an index on the agent key (V2, V5).
 */
@ApplicationScoped
public class InstanceEventSql {

    /**
     * One event.
     *
     * @param type     {@code received}, {@code sent}, {@code held}, {@code draft-approved}, {@code draft-rejected},
     *                 {@code scheduled}, {@code schedule-fired}, {@code schedule-failed}
     * @param id       the message (routed or send id), draft or schedule it is about
     * @param from     JSON EmailAddress of a message's sender or a draft's sender (null otherwise)
     * @param to       JSON list of a message's or draft's recipients (null otherwise)
     * @param reason   a draft's reason (held: the send policy's; rejected: the person's) or a failed schedule's error
     * @param dueAt    a schedule's due time
     */
    public record Event(String type, Instant at, String id, String threadId, String subject, String from, String to,
            String reason, Instant dueAt) {
    }

    private static final String SQL = "select * from ("
            + " (select case direction when 'IN' then 'received' else 'sent' end as type, at, id, thread_id, subject,"
            + " sender as from_json, recipients as to_json, null as reason, null::timestamptz as due_at"
            + " from agent_message where agent_key = $1 order by seq desc limit $2)"
            + " union all (select 'held', created_at, id, thread_id, request::jsonb ->> 'subject',"
            + " (request::jsonb -> 'from')::text, (request::jsonb -> 'to')::text, reason, null"
            + " from draft where agent_key = $1 order by created_at desc limit $2)"
            + " union all (select case status when 'APPROVED' then 'draft-approved' else 'draft-rejected' end,"
            + " decided_at, id, thread_id, request::jsonb ->> 'subject', null, (request::jsonb -> 'to')::text,"
            + " decision_reason, null from draft where agent_key = $1 and decided_at is not null"
            + " order by decided_at desc limit $2)"
            + " union all (select 'scheduled', created_at, id, thread_id, null, null, null, null, due_at"
            + " from agent_schedule where agent_key = $1 order by created_at desc limit $2)"
            + " union all (select case status when 'FIRED' then 'schedule-fired' else 'schedule-failed' end,"
            + " coalesce(fired_at, due_at), id, thread_id, null, null, null, last_error, due_at"
            + " from agent_schedule where agent_key = $1 and status <> 'PENDING' order by created_at desc limit $2)"
            + ") e order by at desc, type, id limit $2";

    private final Pool pool;

    public InstanceEventSql(Pool pool) {
        this.pool = pool;
    }

    /** The newest {@code limit} events of instance {@code agentKey}. */
    public Uni<List<Event>> recent(String agentKey, int limit) {
        return pool.preparedQuery(SQL).execute(Tuple.of(agentKey, limit)).map(rows -> {
            List<Event> out = new ArrayList<>();
            for (Row r : rows) {
                out.add(new Event(r.getString("type"), AgentSql.instant(r, "at"), r.getString("id"),
                        r.getString("thread_id"), r.getString("subject"), r.getString("from_json"),
                        r.getString("to_json"), r.getString("reason"), AgentSql.instant(r, "due_at")));
            }
            return out;
        });
    }
}
