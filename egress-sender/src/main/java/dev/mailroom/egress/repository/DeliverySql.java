package dev.mailroom.egress.repository;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import dev.mailroom.egress.model.ClaimedDelivery;
import dev.mailroom.egress.model.Delivery;
import dev.mailroom.egress.model.DeliveryAttempt;
import dev.mailroom.egress.model.Suppression;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The delivery queue of the hot path (spool, claim, results) in plain SQL on the reactive client: multi-row
 * statements ({@code unnest} of array parameters), so a batch costs a few round trips whatever its size. The
 * management API and the DSN path read and write the same rows through Hibernate ({@link DeliveryRepository}).
 */
@ApplicationScoped
public class DeliverySql {

    /** A queue row to insert. */
    public record NewDelivery(String messageId, String recipient, String domain, String status) {
    }

    /** What recording results needs of a message. */
    public record MessageHead(String id, String status, Instant createdAt, String tags) {
    }

    /** The messages of a batch of results, locked, and all their recipients' rows (ascending id). */
    public record Locked(Map<String, MessageHead> messages, List<Delivery> rows) {
    }

    /** The rows a claim took, and whether due rows were left for the next claim because of its byte budget. */
    public record Claim(List<ClaimedDelivery> rows, boolean budgetLeftSome) {
    }

    /**
     * Claims up to {@code limit} due pending recipients: moves their next attempt a lease ahead (so another worker
     * or replica skips them, and a crashed worker's claims come due again by themselves) and returns them with
     * their message's envelope sender, in ascending id (so recipients are tried in request order). A message's
     * bytes come once, on its first row in the claim ({@link ClaimedDelivery#raw()} is null on the others), and
     * the claim stops before the bytes of its messages pass {@code byteBudget}, except for its first message:
     * 100 recipients of 25 MiB messages would otherwise be 2.5 GB in one answer, against a heap of 256 MiB.
     */
    public Uni<Claim> claimDue(SqlClient sql, Instant now, Duration lease, int limit, long byteBudget) {
        // FOR UPDATE and window functions cannot share a query level: the due rows are locked first (candidates),
        // their messages sized in due order and cut in CTEs of their own (a message comes with all its due rows);
        // the locks of the rows cut are released at the end of the statement
        return sql.preparedQuery("with candidates as (select id, message_id, next_attempt_at from egress.delivery"
                + " where status = 'pending' and next_attempt_at <= $2 order by next_attempt_at, id limit $3"
                + " for update skip locked),"
                + " messages as (select message_id, min(next_attempt_at) as first_at, min(id) as first_id"
                + " from candidates group by message_id),"
                + " sized as (select s.message_id, row_number() over w as n,"
                + " sum(octet_length(m.raw)) over w as running"
                + " from messages s join egress.outbound_message m on m.id = s.message_id"
                + " window w as (order by s.first_at, s.first_id)),"
                + " chosen as (select c.id from candidates c join sized z on z.message_id = c.message_id"
                + " where z.n = 1 or z.running <= $4),"
                + " claimed as (update egress.delivery d set next_attempt_at = $1 from chosen where d.id = chosen.id"
                + " returning d.id, d.message_id, d.recipient, d.domain, d.attempts)"
                + " select c.id, c.message_id, c.recipient, c.domain, c.attempts, m.sender,"
                + " case when row_number() over (partition by c.message_id order by c.id) = 1 then m.raw end,"
                + " m.smtp_utf8, m.created_at, (select count(*) from candidates) > (select count(*) from chosen)"
                + " from claimed c join egress.outbound_message m on m.id = c.message_id order by c.id")
                .execute(Tuple.of(Sql.at(now.plus(lease)), Sql.at(now), limit, byteBudget))
                .map(rows -> {
                    List<ClaimedDelivery> out = new ArrayList<>();
                    boolean cut = false;
                    for (Row row : rows) {
                        Buffer raw = row.getBuffer(6) == null ? null : row.getBuffer(6).getDelegate();
                        out.add(new ClaimedDelivery(row.getLong(0), row.getString(1), row.getString(2),
                                row.getString(3), row.getInteger(4), row.getString(5),
                                raw == null ? null : raw.getBytes(), row.getBoolean(7),
                                Sql.instant(row.getOffsetDateTime(8))));
                        cut |= row.getBoolean(9);
                    }
                    return new Claim(out, cut);
                });
    }

    /** Inserts queue rows (due now), in list order (ids ascend with it). */
    public Uni<Void> insert(SqlClient sql, List<NewDelivery> rows, Instant now) {
        if (rows.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        int n = rows.size();
        String[] message = new String[n], recipient = new String[n], domain = new String[n], status = new String[n];
        for (int i = 0; i < n; i++) {
            NewDelivery d = rows.get(i);
            message[i] = d.messageId();
            recipient[i] = d.recipient();
            domain[i] = d.domain();
            status[i] = d.status();
        }
        return sql.preparedQuery("insert into egress.delivery (message_id, recipient, domain, status, attempts,"
                + " next_attempt_at, updated_at) select m, r, d, s, 0, $5, $5"
                + " from unnest($1::text[], $2::text[], $3::text[], $4::text[]) with ordinality as t(m, r, d, s, n)"
                + " order by n")
                .execute(Tuple.of(message, recipient, domain, status, Sql.at(now)))
                .replaceWithVoid();
    }

    /**
     * Locks the messages {@code messageIds} (in id order, as the DSN path does: results and DSNs of one message
     * serialize) and returns them with every recipient row of theirs.
     */
    public Uni<Locked> lockForResults(SqlClient sql, List<String> messageIds) {
        return sql.preparedQuery("select id, status, created_at, tags from egress.outbound_message"
                + " where id = any($1) order by id for update")
                .execute(Tuple.of(Sql.texts(messageIds)))
                .chain(heads -> {
                    Map<String, MessageHead> messages = new LinkedHashMap<>();
                    for (Row row : heads) {
                        messages.put(row.getString(0), new MessageHead(row.getString(0), row.getString(1),
                                Sql.instant(row.getOffsetDateTime(2)), row.getString(3)));
                    }
                    return sql.preparedQuery("select id, message_id, recipient, domain, status, attempts,"
                            + " next_attempt_at, last_reply, last_host, updated_at from egress.delivery"
                            + " where message_id = any($1) order by id")
                            .execute(Tuple.of(Sql.texts(messageIds)))
                            .map(rows -> {
                                List<Delivery> out = new ArrayList<>();
                                for (Row row : rows) {
                                    Delivery d = new Delivery();
                                    d.id = row.getLong(0);
                                    d.messageId = row.getString(1);
                                    d.recipient = row.getString(2);
                                    d.domain = row.getString(3);
                                    d.status = row.getString(4);
                                    d.attempts = row.getInteger(5);
                                    d.nextAttemptAt = Sql.instant(row.getOffsetDateTime(6));
                                    d.lastReply = row.getString(7);
                                    d.lastHost = row.getString(8);
                                    d.updatedAt = Sql.instant(row.getOffsetDateTime(9));
                                    out.add(d);
                                }
                                return new Locked(messages, out);
                            });
                });
    }

    /** Writes the state of {@code rows} (status, attempts, next attempt, last reply and host, updated at). */
    public Uni<Void> update(SqlClient sql, List<Delivery> rows) {
        if (rows.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        int n = rows.size();
        Long[] id = new Long[n];
        String[] status = new String[n], reply = new String[n], host = new String[n];
        Integer[] attempts = new Integer[n];
        OffsetDateTime[] next = new OffsetDateTime[n], updated = new OffsetDateTime[n];
        for (int i = 0; i < n; i++) {
            Delivery d = rows.get(i);
            id[i] = d.id;
            status[i] = d.status;
            attempts[i] = d.attempts;
            next[i] = Sql.at(d.nextAttemptAt);
            reply[i] = d.lastReply;
            host[i] = d.lastHost;
            updated[i] = Sql.at(d.updatedAt);
        }
        return sql.preparedQuery("update egress.delivery d set status = u.status, attempts = u.attempts,"
                + " next_attempt_at = u.next_attempt_at, last_reply = u.last_reply, last_host = u.last_host,"
                + " updated_at = u.updated_at from unnest($1::bigint[], $2::text[], $3::int[], $4::timestamptz[],"
                + " $5::text[], $6::text[], $7::timestamptz[])"
                + " as u(id, status, attempts, next_attempt_at, last_reply, last_host, updated_at) where d.id = u.id")
                .execute(Tuple.from(new Object[] {id, status, attempts, next, reply, host, updated}))
                .replaceWithVoid();
    }

    /** Inserts delivery attempts, in list order. */
    public Uni<Void> insertAttempts(SqlClient sql, List<DeliveryAttempt> attempts) {
        if (attempts.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        int n = attempts.size();
        String[] message = new String[n], recipient = new String[n], host = new String[n], outcome = new String[n],
                reply = new String[n];
        OffsetDateTime[] at = new OffsetDateTime[n];
        for (int i = 0; i < n; i++) {
            DeliveryAttempt a = attempts.get(i);
            message[i] = a.messageId;
            recipient[i] = a.recipient;
            at[i] = Sql.at(a.attemptedAt);
            host[i] = a.host;
            outcome[i] = a.outcome;
            reply[i] = a.reply;
        }
        return sql.preparedQuery("insert into egress.delivery_attempt (message_id, recipient, attempted_at, host,"
                + " outcome, reply) select m, r, a, h, o, rp from unnest($1::text[], $2::text[], $3::timestamptz[],"
                + " $4::text[], $5::text[], $6::text[]) with ordinality as t(m, r, a, h, o, rp, n) order by n")
                .execute(Tuple.of(message, recipient, at, host, outcome, reply))
                .replaceWithVoid();
    }

    /** Adds addresses (lower case) to the suppression list; those already on it stay as they are. */
    public Uni<Void> suppress(SqlClient sql, List<Suppression> entries) {
        if (entries.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        int n = entries.size();
        String[] address = new String[n], reason = new String[n], detail = new String[n], message = new String[n];
        OffsetDateTime[] at = new OffsetDateTime[n];
        for (int i = 0; i < n; i++) {
            Suppression s = entries.get(i);
            address[i] = s.address;
            reason[i] = s.reason;
            detail[i] = s.detail;
            message[i] = s.messageId;
            at[i] = Sql.at(s.createdAt);
        }
        return sql.preparedQuery("insert into egress.suppression (address, reason, detail, message_id, created_at)"
                + " select * from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::timestamptz[])"
                + " on conflict (address) do nothing")
                .execute(Tuple.of(address, reason, detail, message, at))
                .replaceWithVoid();
    }

    /** The suppressed addresses among {@code addresses} (lower case). */
    public Uni<List<String>> suppressedAmong(SqlClient sql, List<String> addresses) {
        if (addresses.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return sql.preparedQuery("select address from egress.suppression where address = any($1)")
                .execute(Tuple.of(Sql.texts(addresses)))
                .map(rows -> {
                    List<String> out = new ArrayList<>();
                    rows.forEach(row -> out.add(row.getString(0)));
                    return out;
                });
    }

    /** Sets the status of messages (id to status) whose status differs. */
    public Uni<Void> setMessageStatus(SqlClient sql, Map<String, String> statuses, Instant now) {
        if (statuses.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return sql.preparedQuery("update egress.outbound_message m set status = u.status, updated_at = $3"
                + " from unnest($1::text[], $2::text[]) as u(id, status) where m.id = u.id and m.status <> u.status")
                .execute(Tuple.of(Sql.texts(List.copyOf(statuses.keySet())),
                        Sql.texts(List.copyOf(statuses.values())), Sql.at(now)))
                .replaceWithVoid();
    }
}
