package dev.mailroom.mailbox.repository;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import dev.mailroom.mailbox.model.FlagPatch;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/** Messages, threads and attachments as the API reads and changes them (JSON columns read as text). */
@ApplicationScoped
public class MessageSql {

    static final String MESSAGE_COLUMNS = "m.id, m.mailbox_id, b.address AS mailbox, m.thread_id, m.domain, "
            + "m.direction, m.inbound_id, m.header_message_id, m.in_reply_to, m.refs, m.from_address, m.from_name, "
            + "m.to_addresses::text AS to_json, m.cc_addresses::text AS cc_json, m.bcc_addresses::text AS bcc_json, "
            + "m.reply_to::text AS reply_to_json, m.subject, m.date_header, m.at, m.snippet, m.auto_reply, "
            + "m.agent_class, m.agent_instance, m.raw_sha256, m.raw_size, m.status, m.unread, m.starred, m.folder, "
            + "m.labels";

    private final Pool pool;

    public MessageSql(Pool pool) {
        this.pool = pool;
    }

    /** Message {@code id} with bodies, verdicts and route; null when absent. */
    public Uni<Row> message(String id) {
        return pool.preparedQuery("SELECT " + MESSAGE_COLUMNS + ", m.text_body, m.html_body, "
                + "m.authentication::text AS authentication_json, m.route::text AS route_json "
                + "FROM message m JOIN mailbox b ON b.id = m.mailbox_id WHERE m.id = $1")
                .execute(Tuple.of(id)).map(MessageSql::first);
    }

    /** The messages of thread {@code threadId}, oldest first. */
    public Uni<RowSet<Row>> messagesOfThread(String threadId) {
        return pool.preparedQuery("SELECT " + MESSAGE_COLUMNS + " FROM message m JOIN mailbox b ON b.id = m.mailbox_id "
                + "WHERE m.thread_id = $1 ORDER BY m.at, m.id").execute(Tuple.of(threadId));
    }

    /** Thread {@code id}; null when absent. */
    public Uni<Row> thread(String id) {
        return pool.preparedQuery("SELECT t.id, t.mailbox_id, b.address AS mailbox, b.agent_class, b.agent_instance, t.domain, t.root, t.subject, "
                + "t.last_message_at, t.message_count, t.unread_count, t.needs_reply FROM thread t "
                + "JOIN mailbox b ON b.id = t.mailbox_id WHERE t.id = $1").execute(Tuple.of(id)).map(MessageSql::first);
    }

    /** The attachments of the messages {@code messageIds}, with the state of their text. */
    public Uni<RowSet<Row>> attachments(List<String> messageIds) {
        return pool.preparedQuery("SELECT a.id, a.message_id, a.ordinal, a.filename, a.content_type, a.size, a.sha256, "
                + "a.content_id, a.inline, x.status AS text_status FROM attachment a "
                + "LEFT JOIN attachment_text x ON x.sha256 = a.sha256 WHERE a.message_id = ANY($1) "
                + "ORDER BY a.message_id, a.ordinal").execute(Tuple.of((Object) Sql.array(messageIds)));
    }

    /** Attachment {@code attachmentId} of message {@code messageId} with its message's domain; null when absent. */
    public Uni<Row> attachment(String messageId, String attachmentId) {
        return pool.preparedQuery("SELECT a.id, a.filename, a.content_type, a.size, a.sha256, m.domain, "
                + "x.status AS text_status, x.text, x.truncated FROM attachment a JOIN message m ON m.id = a.message_id "
                + "LEFT JOIN attachment_text x ON x.sha256 = a.sha256 WHERE a.message_id = $1 AND a.id = $2")
                .execute(Tuple.of(messageId, attachmentId)).map(MessageSql::first);
    }

    /** The raw bytes' SHA-256 of message {@code id}: its own, else its inbound raw message's. */
    public Uni<Row> rawOf(String id) {
        return pool.preparedQuery("SELECT m.domain, m.direction, COALESCE(m.raw_sha256, r.sha256) AS sha256 "
                + "FROM message m LEFT JOIN raw_message r ON r.inbound_id = m.inbound_id WHERE m.id = $1")
                .execute(Tuple.of(id)).map(MessageSql::first);
    }

    /** Id, domain and thread of the messages {@code ids}, locked for a change. */
    public Uni<RowSet<Row>> lockMessages(SqlClient tx, List<String> ids) {
        return tx.preparedQuery("SELECT id, domain, thread_id FROM message WHERE id = ANY($1) FOR UPDATE")
                .execute(Tuple.of((Object) Sql.array(ids)));
    }

    /**
     * A thread's move as a person means it (like Gmail): {@code archive} takes its inbox messages out of the inbox
     * (sent, trashed and spam ones stay); {@code inbox} brings archived, trashed and spam messages back, a sent one
     * to {@code sent}; {@code trash}, {@code spam} and {@code sent} move every message. A message's own move is
     * exactly what it says.
     */
    private static final String THREAD_FOLDER = "CASE WHEN $4::text IS NULL THEN folder "
            + "WHEN $4::text = 'archive' THEN CASE WHEN folder = 'inbox' THEN 'archive' ELSE folder END "
            + "WHEN $4::text = 'inbox' THEN CASE WHEN folder IN ('archive', 'trash', 'spam') "
            + "THEN CASE WHEN direction = 'outbound' THEN 'sent' ELSE 'inbox' END ELSE folder END "
            + "ELSE $4::text END";

    /**
     * Applies {@code patch} to the messages {@code ids}, or to every message of the threads {@code threadIds}
     * (a folder as {@link #THREAD_FOLDER} says).
     */
    public Uni<List<String>> patch(SqlClient tx, List<String> ids, List<String> threadIds, FlagPatch patch) {
        String where = ids != null ? "id = ANY($1)" : "thread_id = ANY($1)";
        String folder = ids != null ? "COALESCE($4::text, folder)" : THREAD_FOLDER;
        Object[] values = {Sql.array(ids != null ? ids : threadIds), patch.unread(), patch.starred(), patch.folder(),
                patch.labels() == null ? null : Sql.array(patch.labels()), Sql.array(patch.addLabels()),
                Sql.array(patch.removeLabels())};
        return tx.preparedQuery("UPDATE message SET unread = COALESCE($2::boolean, unread), "
                + "starred = COALESCE($3::boolean, starred), folder = " + folder + ", "
                + "labels = ARRAY(SELECT DISTINCT l FROM unnest(COALESCE($5::text[], labels) || $6::text[]) AS l "
                + "WHERE NOT (l = ANY($7::text[])) ORDER BY l) WHERE " + where + " RETURNING thread_id")
                .execute(Tuple.from(values)).map(rows -> {
                    List<String> threads = new ArrayList<>();
                    for (Row r : rows) {
                        threads.add(r.getString("thread_id"));
                    }
                    return threads;
                });
    }

    /** Deletes message {@code id} (attachments cascade; triggers release blobs); answers its thread or null. */
    public Uni<String> deleteMessage(SqlClient tx, String id) {
        return tx.preparedQuery("DELETE FROM message WHERE id = $1 RETURNING thread_id").execute(Tuple.of(id))
                .map(rows -> rows.iterator().hasNext() ? rows.iterator().next().getString("thread_id") : null);
    }

    /** Deletes thread {@code id} and its messages. */
    public Uni<Void> deleteThread(SqlClient tx, String id) {
        return tx.preparedQuery("DELETE FROM thread WHERE id = $1").execute(Tuple.of(id)).replaceWithVoid();
    }

    /** Deletes mailbox {@code id} with its threads and messages. */
    public Uni<Void> deleteMailbox(SqlClient tx, String id) {
        return tx.preparedQuery("DELETE FROM mailbox WHERE id = $1").execute(Tuple.of(id)).replaceWithVoid();
    }

    /** The domain of a row of {@code table} ({@code message}, {@code thread}, {@code mailbox}); null when absent. */
    public Uni<String> domainOf(SqlClient client, String table, String id) {
        if (!List.of("message", "thread", "mailbox").contains(table)) {
            throw new IllegalArgumentException(table);
        }
        return client.preparedQuery("SELECT domain FROM " + table + " WHERE id = $1 FOR UPDATE").execute(Tuple.of(id))
                .map(rows -> rows.iterator().hasNext() ? rows.iterator().next().getString("domain") : null);
    }

    private static Row first(RowSet<Row> rows) {
        var it = rows.iterator();
        return it.hasNext() ? it.next() : null;
    }
}
