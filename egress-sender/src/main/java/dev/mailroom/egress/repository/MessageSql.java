package dev.mailroom.egress.repository;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The message rows of the hot path (spool) in plain SQL on the reactive client: one multi-row statement
 * ({@code unnest} of array parameters) per kind of write, whatever the number of messages. The management API reads
 * the same rows through Hibernate ({@link OutboundMessageRepository}).
 */
@ApplicationScoped
public class MessageSql {

    /** A message row without its bytes: a request recorded as failed ({@link #fail}). */
    public record RequestRow(String id, String apiKeyId, String sender, String senderDomain, String subject,
            String request, String tags) {
    }

    /** A spooled message: its signed bytes and its status from its recipients. */
    public record Spooled(String id, String status, String sender, String senderDomain, String subject,
            String messageId, String request, byte[] raw, boolean smtpUtf8, String tags) {
    }

    /** The ids among {@code ids} whose message is spooled (its bytes stored). */
    public Uni<Set<String>> spooledAmong(SqlClient sql, List<String> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().item(Set.of());
        }
        return sql.preparedQuery("select id from egress.outbound_message where id = any($1) and raw is not null")
                .execute(Tuple.of(Sql.texts(ids)))
                .map(rows -> {
                    Set<String> out = new HashSet<>();
                    rows.forEach(row -> out.add(row.getString(0)));
                    return out;
                });
    }

    /**
     * Stores spooled messages: inserts them (source {@code kafka}) or completes their REST-accepted row; a message
     * whose bytes are already stored is left alone. Returns the ids written (the others were already spooled).
     * {@code messages} must not hold an id twice.
     */
    public Uni<Set<String>> spool(SqlClient sql, List<Spooled> messages, Instant now) {
        if (messages.isEmpty()) {
            return Uni.createFrom().item(Set.of());
        }
        int n = messages.size();
        String[] id = new String[n], status = new String[n], sender = new String[n], senderDomain = new String[n],
                subject = new String[n], messageId = new String[n], request = new String[n], tags = new String[n];
        Buffer[] raw = new Buffer[n];
        Boolean[] utf8 = new Boolean[n];
        for (int i = 0; i < n; i++) {
            Spooled m = messages.get(i);
            id[i] = m.id();
            status[i] = m.status();
            sender[i] = m.sender();
            senderDomain[i] = m.senderDomain();
            subject[i] = m.subject();
            messageId[i] = m.messageId();
            request[i] = m.request();
            raw[i] = Buffer.buffer(m.raw());
            utf8[i] = m.smtpUtf8();
            tags[i] = m.tags();
        }
        return sql.preparedQuery("insert into egress.outbound_message as m (id, status, source, api_key_id, sender,"
                + " sender_domain, subject, message_id, request, raw, smtp_utf8, tags, created_at, updated_at)"
                + " select id, status, 'kafka', null, sender, sender_domain, subject, message_id, request, raw,"
                + " smtp_utf8, tags, $11, $11 from unnest($1::text[], $2::text[], $3::text[], $4::text[],"
                + " $5::text[], $6::text[], $7::text[], $8::bytea[], $9::bool[], $10::text[])"
                + " as t(id, status, sender, sender_domain, subject, message_id, request, raw, smtp_utf8, tags)"
                + " on conflict (id) do update set status = excluded.status, message_id = excluded.message_id,"
                + " raw = excluded.raw, smtp_utf8 = excluded.smtp_utf8, updated_at = excluded.updated_at"
                + " where m.raw is null returning m.id")
                .execute(Tuple.from(new Object[] {id, status, sender, senderDomain, subject, messageId, request, raw,
                        utf8, tags, Sql.at(now)}))
                .map(rows -> {
                    Set<String> out = new HashSet<>();
                    rows.forEach(row -> out.add(row.getString(0)));
                    return out;
                });
    }

    /** Records a request that cannot be sent: status {@code failed} and the reason, inserting its row if needed. */
    public Uni<Void> fail(SqlClient sql, RequestRow message, String reason, Instant now) {
        return sql.preparedQuery("insert into egress.outbound_message as m (id, status, source, api_key_id, sender,"
                + " sender_domain, subject, request, smtp_utf8, tags, failure, created_at, updated_at)"
                + " values ($1, 'failed', 'kafka', null, $2, $3, $4, $5, false, $6, $7, $8, $8)"
                + " on conflict (id) do update set status = 'failed', failure = excluded.failure,"
                + " updated_at = excluded.updated_at")
                .execute(Tuple.from(new Object[] {message.id(), message.sender(), message.senderDomain(),
                        message.subject(), message.request(), message.tags(), reason, Sql.at(now)}))
                .replaceWithVoid();
    }
}
