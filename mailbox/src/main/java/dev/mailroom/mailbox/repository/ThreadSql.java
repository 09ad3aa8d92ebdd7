package dev.mailroom.mailbox.repository;

import java.util.Collection;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The thread counters, recomputed from the thread's messages in the transaction that changed them (ingest, flags,
 * moves, deletes): message and unread counts, the time of the last message, and {@code needs_reply} (the last
 * message is inbound and not automatic, so nobody answered it yet), and the list fields of V50 (participants,
 * starred, attachments, pending drafts, delivery problem), all by the database function {@code thread_recount}. A
 * thread left without messages is deleted.
 */
@ApplicationScoped
public class ThreadSql {

    public Uni<Void> recount(SqlClient tx, Collection<String> threadIds) {
        if (threadIds.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        String[] ids = threadIds.stream().distinct().toArray(String[]::new);
        return tx.preparedQuery("SELECT thread_recount($1)").execute(Tuple.of((Object) ids))
                .chain(() -> tx.preparedQuery("DELETE FROM thread t WHERE t.id = ANY($1) "
                        + "AND NOT EXISTS (SELECT 1 FROM message m WHERE m.thread_id = t.id)")
                        .execute(Tuple.of((Object) ids)))
                .replaceWithVoid();
    }
}
