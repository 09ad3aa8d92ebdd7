package dev.mailroom.egress.repository;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The message rows of the hot path (accept, spool) in plain SQL on the reactive client: one multi-row statement
 * ({@code unnest} of array parameters) per kind of write, whatever the number of messages. The management API reads
 * the same rows through Hibernate ({@link OutboundMessageRepository}).
 */
@ApplicationScoped
public class MessageSql {

    /** A message accepted by the REST API, not yet spooled. */
    public record Accepted(String id, String apiKeyId, String sender, String senderDomain, String subject,
            String request, String tags) {
    }

    /** A spooled message: its signed bytes and its status from its recipients. */
    public record Spooled(String id, String status, String sender, String senderDomain, String subject,
            String messageId, String request, byte[] raw, boolean smtpUtf8, String tags) {
    }

    /** A stored Idempotency-Key answer. */
    public record IdempotencyAnswer(String apiKeyId, String idemKey, String requestHash, String response) {
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

    /** Inserts REST-accepted messages (status {@code accepted}, source {@code api}). */
    public Uni<Void> insertAccepted(SqlClient sql, List<Accepted> messages, Instant now) {
        if (messages.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        int n = messages.size();
        String[] id = new String[n], key = new String[n], sender = new String[n], senderDomain = new String[n],
                subject = new String[n], request = new String[n], tags = new String[n];
        for (int i = 0; i < n; i++) {
            Accepted m = messages.get(i);
            id[i] = m.id();
            key[i] = m.apiKeyId();
            sender[i] = m.sender();
            senderDomain[i] = m.senderDomain();
            subject[i] = m.subject();
            request[i] = m.request();
            tags[i] = m.tags();
        }
        return sql.preparedQuery("insert into egress.outbound_message (id, status, source, api_key_id, sender,"
                + " sender_domain, subject, request, smtp_utf8, tags, created_at, updated_at)"
                + " select id, 'accepted', 'api', key, sender, sender_domain, subject, request, false, tags, $8, $8"
                + " from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[])"
                + " as t(id, key, sender, sender_domain, subject, request, tags)")
                .execute(Tuple.from(new Object[] {id, key, sender, senderDomain, subject, request, tags, Sql.at(now)}))
                .replaceWithVoid();
    }

    /** The stored answers for the given (API key id, Idempotency-Key) pairs. */
    public Uni<List<IdempotencyAnswer>> idempotencyAnswers(SqlClient sql, List<String> apiKeyIds,
            List<String> idemKeys) {
        if (apiKeyIds.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return sql.preparedQuery("select i.api_key_id, i.idem_key, i.request_sha256, i.response"
                + " from egress.idempotency_key i join unnest($1::text[], $2::text[]) as t(k, idem)"
                + " on i.api_key_id = t.k and i.idem_key = t.idem")
                .execute(Tuple.of(Sql.texts(apiKeyIds), Sql.texts(idemKeys)))
                .map(rows -> {
                    List<IdempotencyAnswer> out = new ArrayList<>();
                    for (Row row : rows) {
                        out.add(new IdempotencyAnswer(row.getString(0), row.getString(1), row.getString(2),
                                row.getString(3)));
                    }
                    return out;
                });
    }

    /**
     * Records Idempotency-Key answers; returns the ones recorded, as {@code apiKeyId + " " + idemKey} (a pair
     * another request recorded first, or twice in {@code answers}, is recorded once).
     */
    public Uni<Set<String>> insertIdempotencyAnswers(SqlClient sql, List<IdempotencyAnswer> answers, Instant now) {
        if (answers.isEmpty()) {
            return Uni.createFrom().item(Set.of());
        }
        int n = answers.size();
        String[] key = new String[n], idem = new String[n], hash = new String[n], response = new String[n];
        for (int i = 0; i < n; i++) {
            IdempotencyAnswer a = answers.get(i);
            key[i] = a.apiKeyId();
            idem[i] = a.idemKey();
            hash[i] = a.requestHash();
            response[i] = a.response();
        }
        return sql.preparedQuery("insert into egress.idempotency_key (api_key_id, idem_key, request_sha256,"
                + " response, created_at) select k, idem, h, r, $5"
                + " from unnest($1::text[], $2::text[], $3::text[], $4::text[]) as t(k, idem, h, r)"
                + " on conflict do nothing returning api_key_id, idem_key")
                .execute(Tuple.of(key, idem, hash, response, Sql.at(now)))
                .map(rows -> {
                    Set<String> out = new HashSet<>();
                    rows.forEach(row -> out.add(row.getString(0) + " " + row.getString(1)));
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
    public Uni<Void> fail(SqlClient sql, Accepted message, String reason, Instant now) {
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
