package dev.mailroom.mailbox.repository;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Deliveries of outbound messages as egress-sender's events tell them: {@code delivery} (per recipient),
 * {@code delivery_attempt}, {@code delivery_event} (events applied, by id). Rows may exist before their message.
 */
@ApplicationScoped
public class DeliverySql {

    /** One recipient's delivery. */
    public record Recipient(String address, String status, int attempts, String lastReply) {
    }

    /** One attempt. */
    public record Attempt(String recipient, Instant at, String host, String outcome, String reply) {
    }

    /** Marks event {@code id} applied; false when it already was. */
    public Uni<Boolean> markEvent(SqlClient tx, String id, String messageId, String type, String recipient,
            Instant at) {
        return tx.preparedQuery("INSERT INTO delivery_event (id, message_id, type, recipient, at) "
                + "VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING RETURNING id")
                .execute(Tuple.of(id, messageId, type, recipient, Sql.ts(at))).map(rows -> rows.rowCount() > 0);
    }

    /** A {@code pending} row per recipient unless events created it already. */
    public Uni<Void> pending(SqlClient tx, String messageId, List<String> recipients, Instant at) {
        if (recipients.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Tuple> rows = new ArrayList<>();
        for (String r : recipients) {
            rows.add(Tuple.of(messageId, r, Sql.ts(at)));
        }
        return tx.preparedQuery("INSERT INTO delivery (message_id, recipient, status, attempts, updated_at) "
                + "VALUES ($1, $2, 'pending', 0, $3) ON CONFLICT DO NOTHING").executeBatch(rows).replaceWithVoid();
    }

    /**
     * Sets a recipient's status (and attempts, when known, and last reply, when given), unless a later event set it
     * already; a {@code pending} row from the request always yields.
     */
    public Uni<Void> recipient(SqlClient tx, String messageId, String recipient, String status, Integer attempts,
            String lastReply, Instant at) {
        return tx.preparedQuery("INSERT INTO delivery (message_id, recipient, status, attempts, last_reply, updated_at) "
                + "VALUES ($1, $2, $3, COALESCE($4, 0), $5, $6) ON CONFLICT (message_id, recipient) DO UPDATE SET "
                + "status = EXCLUDED.status, attempts = GREATEST(delivery.attempts, EXCLUDED.attempts), "
                + "last_reply = COALESCE(EXCLUDED.last_reply, delivery.last_reply), updated_at = EXCLUDED.updated_at "
                + "WHERE delivery.attempts = 0 AND delivery.status = 'pending' OR delivery.updated_at <= EXCLUDED.updated_at")
                .execute(Tuple.from(new Object[] {messageId, recipient, status, attempts, lastReply, Sql.ts(at)}))
                .replaceWithVoid();
    }

    /** Records an attempt; {@code attempt} null numbers it after the recipient's last one. */
    public Uni<Void> attempt(SqlClient tx, String messageId, String recipient, Integer attempt, String outcome,
            String reply, String host, Instant at) {
        return tx.preparedQuery("INSERT INTO delivery_attempt (message_id, recipient, attempt, outcome, reply, host, at) "
                + "VALUES ($1, $2, COALESCE($3, (SELECT COALESCE(max(attempt), 0) + 1 FROM delivery_attempt "
                + "WHERE message_id = $1 AND recipient = $2)), $4, $5, $6, $7) ON CONFLICT DO NOTHING")
                .execute(Tuple.from(new Object[] {messageId, recipient, attempt, outcome, reply, host, Sql.ts(at)}))
                .replaceWithVoid();
    }

    /** Whether a refused request's {@code outbound.failed} (about no recipient) was applied. */
    public Uni<Boolean> failedAsAWhole(SqlClient tx, String messageId) {
        return tx.preparedQuery("SELECT 1 FROM delivery_event WHERE message_id = $1 AND type = 'outbound.failed' "
                + "AND recipient IS NULL LIMIT 1").execute(Tuple.of(messageId)).map(rows -> rows.rowCount() > 0);
    }

    public Uni<List<Recipient>> recipients(SqlClient client, String messageId) {
        return client.preparedQuery("SELECT recipient, status, attempts, last_reply FROM delivery "
                + "WHERE message_id = $1 ORDER BY recipient").execute(Tuple.of(messageId)).map(DeliverySql::recipients);
    }

    public Uni<List<Attempt>> attempts(SqlClient client, String messageId) {
        return client.preparedQuery("SELECT recipient, at, host, outcome, reply FROM delivery_attempt "
                + "WHERE message_id = $1 ORDER BY at, recipient, attempt").execute(Tuple.of(messageId)).map(rows -> {
                    List<Attempt> out = new ArrayList<>();
                    for (Row r : rows) {
                        out.add(new Attempt(r.getString("recipient"), Sql.instant(r.getOffsetDateTime("at")),
                                r.getString("host"), r.getString("outcome"), r.getString("reply")));
                    }
                    return out;
                });
    }

    /**
     * Sets the status of outbound message {@code messageId} (nothing when it is not there yet); answers its thread
     * when the status changed, else null.
     */
    public Uni<String> messageStatus(SqlClient tx, String messageId, String status) {
        return tx.preparedQuery("UPDATE message SET status = $2 WHERE id = $1 AND direction = 'outbound' "
                + "AND status IS DISTINCT FROM $2 RETURNING thread_id").execute(Tuple.of(messageId, status))
                .map(rows -> rows.iterator().hasNext() ? rows.iterator().next().getString("thread_id") : null);
    }

    private static List<Recipient> recipients(RowSet<Row> rows) {
        List<Recipient> out = new ArrayList<>();
        for (Row r : rows) {
            out.add(new Recipient(r.getString("recipient"), r.getString("status"), r.getInteger("attempts"),
                    r.getString("last_reply")));
        }
        return out;
    }
}
