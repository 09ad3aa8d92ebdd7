package dev.mailroom.mailbox.repository;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import dev.mailroom.mailbox.model.MailboxRef;
import dev.mailroom.mailbox.model.NewAttachment;
import dev.mailroom.mailbox.model.NewMessage;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The statements of ingest, each run on the caller's transaction. Every insert is {@code ON CONFLICT DO NOTHING}
 * and says whether it inserted, so a redelivered record changes nothing.
 */
@ApplicationScoped
public class IngestSql {

    /** Creates the mailbox of {@code ref} unless it exists (its agent then stays as first recorded). */
    public Uni<Void> mailbox(SqlClient tx, MailboxRef ref, Instant at) {
        return tx.preparedQuery("INSERT INTO mailbox (id, address, domain, agent_class, agent_instance, created_at) "
                + "VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING")
                .execute(Tuple.of(ref.id(), ref.address(), ref.domain(), ref.agentClass(), ref.agentInstance(),
                        Sql.ts(at)))
                .replaceWithVoid();
    }

    /** The thread of the newest message in {@code mailboxId} whose Message-ID is one of {@code messageIds}; null if none. */
    public Uni<String> threadOfAny(SqlClient tx, String mailboxId, List<String> messageIds) {
        if (messageIds.isEmpty()) {
            return Uni.createFrom().nullItem();
        }
        return tx.preparedQuery("SELECT thread_id FROM message WHERE mailbox_id = $1 AND header_message_id = ANY($2) "
                + "ORDER BY at DESC, id DESC LIMIT 1")
                .execute(Tuple.of(mailboxId, Sql.array(messageIds)))
                .map(rows -> rows.iterator().hasNext() ? rows.iterator().next().getString("thread_id") : null);
    }

    /** Creates thread {@code id} unless it exists. */
    public Uni<Void> thread(SqlClient tx, String id, MailboxRef mailbox, String root, String subject, Instant at) {
        return tx.preparedQuery("INSERT INTO thread (id, mailbox_id, domain, root, subject, last_message_at) "
                + "VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING")
                .execute(Tuple.of(id, mailbox.id(), mailbox.domain(), root, subject, Sql.ts(at)))
                .replaceWithVoid();
    }

    /** Appends an event to {@code event_log}; false when an event with this id is already there. */
    public Uni<Boolean> logEvent(SqlClient tx, String id, String type, String domain, String mailboxId,
            String messageId, Instant at, String dataJson) {
        return tx.preparedQuery("INSERT INTO event_log (id, type, domain, mailbox_id, message_id, at, data) "
                + "VALUES ($1, $2, $3, $4, $5, $6, $7::text::jsonb) ON CONFLICT (id) DO NOTHING RETURNING seq")
                .execute(Tuple.from(new Object[] {id, type, domain, mailboxId, messageId, Sql.ts(at), dataJson}))
                .map(rows -> rows.rowCount() > 0);
    }

    /** Inserts {@code m}; false when a message with its id exists. */
    public Uni<Boolean> message(SqlClient tx, NewMessage m) {
        Object[] values = {m.id(), m.mailboxId(), m.threadId(), m.domain(), m.direction(), m.inboundId(),
                m.headerMessageId(), Sql.array(m.inReplyTo()), Sql.array(m.refs()), m.fromAddress(), m.fromName(),
                m.toJson(), m.ccJson(), m.bccJson(), m.replyToJson(), m.subject(), Sql.ts(m.dateHeader()),
                Sql.ts(m.at()), m.text(), m.html(), m.snippet(), m.autoReply(), m.authenticationJson(),
                m.routeJson(), m.agentClass(), m.agentInstance(), m.rawSha256(), m.rawSize(), m.status(),
                m.unread(), m.folder()};
        return tx.preparedQuery("INSERT INTO message (id, mailbox_id, thread_id, domain, direction, inbound_id, "
                + "header_message_id, in_reply_to, refs, from_address, from_name, to_addresses, cc_addresses, "
                + "bcc_addresses, reply_to, subject, date_header, at, text_body, html_body, snippet, auto_reply, "
                + "authentication, route, agent_class, agent_instance, raw_sha256, raw_size, status, unread, folder) "
                + "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12::text::jsonb, $13::text::jsonb, "
                + "$14::text::jsonb, $15::text::jsonb, $16, $17, $18, $19, $20, $21, $22, $23::text::jsonb, "
                + "$24::text::jsonb, $25, $26, $27, $28, $29, $30, $31) ON CONFLICT (id) DO NOTHING RETURNING id")
                .execute(Tuple.from(values)).map(rows -> rows.rowCount() > 0);
    }

    /** Inserts the attachments and a {@code pending} text row per content (the extraction worker fills it). */
    public Uni<Void> attachments(SqlClient tx, List<NewAttachment> list, Instant at) {
        if (list.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Tuple> rows = new ArrayList<>();
        List<Tuple> texts = new ArrayList<>();
        for (NewAttachment a : list) {
            rows.add(Tuple.from(new Object[] {a.id(), a.messageId(), a.ordinal(), a.filename(), a.contentType(),
                    a.size(), a.sha256(), a.contentId(), a.inline()}));
            if (a.sha256() != null) {
                texts.add(Tuple.of(a.sha256(), a.contentType(), Sql.ts(at)));
            }
        }
        Uni<Void> inserted = tx.preparedQuery("INSERT INTO attachment (id, message_id, ordinal, filename, "
                + "content_type, size, sha256, content_id, inline) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) "
                + "ON CONFLICT DO NOTHING").executeBatch(rows).replaceWithVoid();
        if (texts.isEmpty()) {
            return inserted;
        }
        return inserted.chain(() -> tx.preparedQuery("INSERT INTO attachment_text (sha256, status, content_type, "
                + "updated_at) VALUES ($1, 'pending', $2, $3) ON CONFLICT DO NOTHING").executeBatch(texts))
                .replaceWithVoid();
    }

    /** Records the raw message of {@code inboundId}; false when it is already recorded. */
    public Uni<Boolean> rawMessage(SqlClient tx, String inboundId, String sha256, long size, Instant receivedAt) {
        return tx.preparedQuery("INSERT INTO raw_message (inbound_id, sha256, size, received_at) VALUES ($1, $2, $3, $4) "
                + "ON CONFLICT DO NOTHING RETURNING inbound_id")
                .execute(Tuple.of(inboundId, sha256, size, Sql.ts(receivedAt))).map(rows -> rows.rowCount() > 0);
    }

    /** The raw message of {@code inboundId} (sha256, size), null when not (yet) received. */
    public Uni<Row> rawOf(SqlClient tx, String inboundId) {
        if (inboundId == null) {
            return Uni.createFrom().nullItem();
        }
        return tx.preparedQuery("SELECT sha256, size FROM raw_message WHERE inbound_id = $1")
                .execute(Tuple.of(inboundId))
                .map(rows -> rows.iterator().hasNext() ? rows.iterator().next() : null);
    }

    /** Points the messages of {@code inboundId} that arrived before their raw message at it. */
    public Uni<Void> attachRaw(SqlClient tx, String inboundId, String sha256, long size) {
        return tx.preparedQuery("UPDATE message SET raw_sha256 = $2, raw_size = $3 "
                + "WHERE inbound_id = $1 AND raw_sha256 IS NULL")
                .execute(Tuple.of(inboundId, sha256, size)).replaceWithVoid();
    }
}
