package dev.mailroom.mailbox.repository;

import java.util.Collection;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The thread counters, recomputed from the thread's messages in the transaction that changed them (ingest, flags,
 * moves, deletes): message and unread counts, the time of the last message, and {@code needs_reply} (the last
 * message is inbound and not automatic, so nobody answered it yet). A thread left without messages is deleted.
 */
@ApplicationScoped
public class ThreadSql {

    public Uni<Void> recount(SqlClient tx, Collection<String> threadIds) {
        if (threadIds.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        String[] ids = threadIds.stream().distinct().toArray(String[]::new);
        return tx.preparedQuery("UPDATE thread t SET message_count = s.n, unread_count = s.u, "
                + "last_message_at = s.last_at, needs_reply = s.needs FROM ("
                + "SELECT thread_id, count(*)::int AS n, (count(*) FILTER (WHERE unread))::int AS u, max(at) AS last_at, "
                + "(array_agg(direction = 'inbound' AND auto_reply IS NULL ORDER BY at DESC, id DESC))[1] AS needs "
                + "FROM message WHERE thread_id = ANY($1) GROUP BY thread_id) s WHERE t.id = s.thread_id")
                .execute(Tuple.of((Object) ids))
                .chain(() -> tx.preparedQuery("DELETE FROM thread t WHERE t.id = ANY($1) "
                        + "AND NOT EXISTS (SELECT 1 FROM message m WHERE m.thread_id = t.id)")
                        .execute(Tuple.of((Object) ids)))
                .replaceWithVoid();
    }
}
