package dev.mailroom.agenthost.repository;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import dev.mailroom.agenthost.model.AgentSchedule;
import dev.mailroom.agenthost.model.Draft;
import dev.mailroom.agenthost.model.OutboxMessage;
import dev.mailroom.contract.AgentRef;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The per-message hot path of agent-host in plain SQL on the reactive client (ADR 0019): one statement locks (or
 * creates) the instance and reads everything the call needs before the agent runs ({@link #open}); one statement
 * writes everything the call produced ({@link #write}). The management API reads the same tables through Hibernate.
 */
@ApplicationScoped
public class AgentSql {

    /** A history row as stored: address lists and references as JSON text. */
    public record MessageRow(String id, String threadId, String direction, String messageId, String sender,
            String recipients, String replyTo, String subject, String text, String html, String inReplyTo,
            String refs, Instant at) {
    }

    /**
     * The instance, locked for the transaction, and what the call needs to know before the agent runs.
     *
     * @param processed    whether the routed message is already processed (a duplicate)
     * @param parentThread the thread of the newest recorded message (inbound or outbound) whose Message-ID is among
     *                     the parents, or null
     * @param known        which of the addresses asked about are correspondents of the instance
     */
    public record Opened(String state, String address, boolean processed, String parentThread, Set<String> known) {
    }

    /** What {@link #open} looks up besides the instance. */
    public record Lookup(String routedId, List<String> parents, List<String> addresses) {
        public static final Lookup NONE = new Lookup(null, List.of(), List.of());
    }

    private static final String OPEN = "with locked as materialized ("
            + "select state, address, version from agent_instance where id = $1 for update),"
            + " created as (insert into agent_instance (id, class_name, instance, state, address, created_at,"
            + " updated_at, version) select $1, $2, $3, '{}', $4, $5, $5, 0 where not exists (select 1 from locked)"
            + " returning state, address, version)"
            + " select i.state, i.address, i.version,"
            + " (select version from agent_instance where id = $1) as seen,"
            + " exists (select 1 from processed_message where id = $6) as processed,"
            + " (select thread_id from agent_message where agent_key = $1 and message_id = any($7)"
            + " order by seq desc limit 1) as parent_thread,"
            + " (select array_agg(address) from correspondent where agent_key = $1 and address = any($8)) as known"
            + " from (select state, address, version from locked union all select state, address, version"
            + " from created) i";

    /**
     * Locks instance {@code ref} ({@code FOR UPDATE}: its calls are serialised, across processes too) or creates it
     * (a concurrent creation makes this fail with a unique violation: the call is retried), and reads in the same
     * statement what {@code lookup} asks. Those reads see the statement's snapshot, taken before the lock was granted:
     * when another transaction changed the instance meanwhile (its version moved), the statement runs once more,
     * now holding the lock, so nothing read is older than the lock.
     */
    public Uni<Opened> open(SqlClient sql, AgentRef ref, String address, Lookup lookup, Instant now) {
        Tuple args = Tuple.from(new Object[] { ref.key(), ref.className(), ref.instance(), address, at(now),
                lookup.routedId(), lookup.parents().toArray(String[]::new),
                lookup.addresses().toArray(String[]::new) });
        return sql.preparedQuery(OPEN).execute(args).chain(rows -> {
            Row row = rows.iterator().next();
            Long seen = row.getLong("seen");
            if (seen != null && seen != row.getLong("version").longValue()) {
                return sql.preparedQuery(OPEN).execute(args).map(again -> opened(again.iterator().next()));
            }
            return Uni.createFrom().item(opened(row));
        });
    }

    private static Opened opened(Row row) {
        String[] known = row.getArrayOfStrings("known");
        return new Opened(row.getString("state"), row.getString("address"), row.getBoolean("processed"),
                row.getString("parent_thread"), known == null ? Set.of() : Set.of(known));
    }

    /** The newest {@code limit} history messages of {@code agentKey}, newest first. */
    public Uni<List<MessageRow>> newest(SqlClient sql, String agentKey, int limit) {
        return sql.preparedQuery("select id, thread_id, direction, message_id, sender, recipients, reply_to, subject,"
                + " text_body, html_body, in_reply_to, refs, at from agent_message where agent_key = $1"
                + " order by seq desc limit $2")
                .execute(Tuple.of(agentKey, limit))
                .map(rows -> {
                    List<MessageRow> out = new ArrayList<>();
                    for (Row r : rows) {
                        out.add(new MessageRow(r.getString(0), r.getString(1), r.getString(2), r.getString(3),
                                r.getString(4), r.getString(5), r.getString(6), r.getString(7), r.getString(8),
                                r.getString(9), r.getString(10), r.getString(11), instant(r, "at")));
                    }
                    return out;
                });
    }

    /** Which of {@code addresses} (lower case) {@code agentKey} has exchanged mail with. */
    public Uni<Set<String>> known(SqlClient sql, String agentKey, Set<String> addresses) {
        if (addresses.isEmpty()) {
            return Uni.createFrom().item(Set.of());
        }
        return sql.preparedQuery("select address from correspondent where agent_key = $1 and address = any($2)")
                .execute(Tuple.of(agentKey, addresses.toArray(String[]::new)))
                .map(rows -> {
                    Set<String> out = new HashSet<>();
                    rows.forEach(r -> out.add(r.getString(0)));
                    return out;
                });
    }

    /** The thread of history message {@code id}, or null. */
    public Uni<String> threadOf(SqlClient sql, String id) {
        return sql.preparedQuery("select thread_id from agent_message where id = $1").execute(Tuple.of(id))
                .map(rows -> first(rows, row -> row.getString(0)));
    }

    /**
     * Everything one call (a routed message, a schedule, a draft decision) writes for one instance, committed by
     * {@link #write} in one statement. Threads are created or touched, history rows and correspondents added, the
     * outbox, drafts and schedules inserted, the instance's state saved, the routed id marked processed, the fired
     * schedule marked: each part optional.
     */
    public static final class Batch {
        final String agentKey;
        final Instant now;
        final Map<String, String> threads = new LinkedHashMap<>();
        final List<MessageRow> messages = new ArrayList<>();
        final Set<String> correspondents = new LinkedHashSet<>();
        final List<OutboxMessage> outbox = new ArrayList<>();
        final List<Draft> drafts = new ArrayList<>();
        final List<AgentSchedule> schedules = new ArrayList<>();
        String state;
        String address;
        String processedId;
        String firedScheduleId;

        public Batch(String agentKey, Instant now) {
            this.agentKey = agentKey;
            this.now = now;
        }

        /** Creates thread {@code id} with {@code subject} if it does not exist, else marks it active now. */
        public Batch thread(String id, String subject) {
            threads.putIfAbsent(id, subject == null ? "" : subject);
            return this;
        }

        /** A history message, in history order; its thread must be in the batch or exist. */
        public Batch message(MessageRow row) {
            messages.add(row);
            return this;
        }

        /** The history messages of this batch, in history order. */
        public List<MessageRow> messages() {
            return List.copyOf(messages);
        }

        /** The thread of history message {@code id} of this batch, or null. */
        public String threadOf(String id) {
            return messages.stream().filter(m -> m.id().equals(id)).findFirst().map(MessageRow::threadId)
                    .orElse(null);
        }

        /** Addresses (lower case) the instance has now exchanged mail with. */
        public Batch correspondents(List<String> addresses) {
            correspondents.addAll(addresses);
            return this;
        }

        public Batch outbox(OutboxMessage m) {
            outbox.add(m);
            return this;
        }

        public Batch draft(Draft d) {
            drafts.add(d);
            return this;
        }

        public Batch schedule(AgentSchedule s) {
            schedules.add(s);
            return this;
        }

        /** The instance's new state and address. */
        public Batch instance(String state, String address) {
            this.state = state;
            this.address = address;
            return this;
        }

        public Batch processed(String routedId) {
            this.processedId = routedId;
            return this;
        }

        public Batch fired(String scheduleId) {
            this.firedScheduleId = scheduleId;
            return this;
        }
    }

    private static final String WRITE = "with"
            + " t as (insert into agent_thread (id, agent_key, subject, created_at, updated_at)"
            + " select id, $1, subject, $2, $2 from unnest($3::text[], $4::text[]) as x(id, subject)"
            + " on conflict (id) do update set updated_at = excluded.updated_at),"
            + " m as (insert into agent_message (id, agent_key, thread_id, direction, message_id, sender, recipients,"
            + " reply_to, subject, text_body, html_body, in_reply_to, refs, at)"
            + " select id, $1, thread_id, direction, message_id, sender, recipients, reply_to, subject, text_body,"
            + " html_body, in_reply_to, refs, at from unnest($5::text[], $6::text[], $7::text[], $8::text[],"
            + " $9::text[], $10::text[], $11::text[], $12::text[], $13::text[], $14::text[], $15::text[], $16::text[],"
            + " $17::timestamptz[]) with ordinality as x(id, thread_id, direction, message_id, sender, recipients,"
            + " reply_to, subject, text_body, html_body, in_reply_to, refs, at, n) order by n),"
            + " c as (insert into correspondent (agent_key, address, first_at) select $1, a, $2"
            + " from unnest($18::text[]) as a on conflict do nothing),"
            + " o as (insert into outbox_message (id, topic, payload, record_key, causation_id, created_at)"
            + " select id, topic, payload, record_key, causation_id, $2"
            + " from unnest($19::text[], $20::text[], $21::text[], $22::text[], $23::text[])"
            + " as x(id, topic, payload, record_key, causation_id)),"
            + " d as (insert into draft (id, agent_key, class_name, thread_id, request, reason, status, causation_id,"
            + " created_at) select id, $1, class_name, thread_id, request, reason, 'PENDING', causation_id, $2"
            + " from unnest($24::text[], $25::text[], $26::text[], $27::text[], $28::text[], $29::text[])"
            + " as x(id, class_name, thread_id, request, reason, causation_id)),"
            + " s as (insert into agent_schedule (id, agent_key, class_name, instance, thread_id, payload, due_at,"
            + " status, attempts, causation_id, created_at) select id, $1, class_name, instance, thread_id, payload,"
            + " due_at, 'PENDING', 0, causation_id, $2 from unnest($30::text[], $31::text[], $32::text[],"
            + " $33::text[], $34::text[], $35::timestamptz[], $36::text[])"
            + " as x(id, class_name, instance, thread_id, payload, due_at, causation_id)),"
            + " p as (insert into processed_message (id, agent_key, processed_at) select $37, $1, $2"
            + " where $37::text is not null),"
            + " f as (update agent_schedule set status = 'FIRED', fired_at = $2, attempts = attempts + 1"
            + " where id = $38),"
            + " i as (update agent_instance set state = $39, address = $40, updated_at = $2, version = version + 1"
            + " where id = $1 and $39::text is not null)"
            + " select 1";

    /** Writes {@code batch} in one statement (the caller's transaction). */
    public Uni<Void> write(SqlClient sql, Batch b) {
        String[] tId = b.threads.keySet().toArray(String[]::new);
        String[] tSubject = b.threads.values().toArray(String[]::new);
        int nm = b.messages.size();
        String[][] m = new String[12][nm];
        OffsetDateTime[] mAt = new OffsetDateTime[nm];
        for (int i = 0; i < nm; i++) {
            MessageRow r = b.messages.get(i);
            String[] v = { r.id(), r.threadId(), r.direction(), r.messageId(), r.sender(), r.recipients(),
                    r.replyTo(), r.subject(), r.text(), r.html(), r.inReplyTo(), r.refs() };
            for (int k = 0; k < v.length; k++) {
                m[k][i] = v[k];
            }
            mAt[i] = at(r.at());
        }
        int no = b.outbox.size();
        String[][] o = new String[5][no];
        for (int i = 0; i < no; i++) {
            OutboxMessage x = b.outbox.get(i);
            String[] v = { x.id, x.topic, x.payload, x.recordKey, x.causationId };
            for (int k = 0; k < v.length; k++) {
                o[k][i] = v[k];
            }
        }
        int nd = b.drafts.size();
        String[][] d = new String[6][nd];
        for (int i = 0; i < nd; i++) {
            Draft x = b.drafts.get(i);
            String[] v = { x.id, x.className, x.threadId, x.request, x.reason, x.causationId };
            for (int k = 0; k < v.length; k++) {
                d[k][i] = v[k];
            }
        }
        int ns = b.schedules.size();
        String[][] s = new String[6][ns];
        OffsetDateTime[] sDue = new OffsetDateTime[ns];
        for (int i = 0; i < ns; i++) {
            AgentSchedule x = b.schedules.get(i);
            String[] v = { x.id, x.className, x.instance, x.threadId, x.payload, x.causationId };
            for (int k = 0; k < v.length; k++) {
                s[k][i] = v[k];
            }
            sDue[i] = at(x.dueAt);
        }
        List<Object> args = new ArrayList<>(40);
        args.add(b.agentKey);
        args.add(at(b.now));
        args.add(tId);
        args.add(tSubject);
        args.addAll(List.of((Object[]) m));
        args.add(mAt);
        args.add(b.correspondents.toArray(String[]::new));
        args.addAll(List.of((Object[]) o));
        args.addAll(List.of((Object[]) d));
        args.addAll(List.of((Object[]) s).subList(0, 5));
        args.add(sDue);
        args.add(s[5]);
        args.add(b.processedId);
        args.add(b.firedScheduleId);
        args.add(b.state);
        args.add(b.address);
        return sql.preparedQuery(WRITE).execute(Tuple.from(args)).replaceWithVoid();
    }

    /** A {@code timestamptz} parameter. */
    static OffsetDateTime at(Instant instant) {
        return instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    /** The {@code timestamptz} column {@code column} of {@code row}, or null. */
    static Instant instant(Row row, String column) {
        OffsetDateTime at = row.getOffsetDateTime(column);
        return at == null ? null : at.toInstant();
    }

    /** The first row mapped by {@code map}, or null when there is none. */
    static <T> T first(RowSet<Row> rows, Function<Row, T> map) {
        return rows.size() == 0 ? null : map.apply(rows.iterator().next());
    }
}
