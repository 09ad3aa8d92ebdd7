package dev.mailroom.mailbox.repository;

import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * {@code thread_draft} (V50): agent drafts per mailbox thread, one row per draft id, so that every event about a
 * draft counts once whatever its redeliveries and order. Each statement on the caller's transaction.
 */
@ApplicationScoped
public class DraftSql {

    /**
     * Records draft {@code draftId} as pending in {@code threadId} (null: not here yet) unless it is known already
     * (a decision that came first wins); answers the thread to recount, null when nothing changed.
     */
    public Uni<String> held(SqlClient tx, String draftId, String mailboxId, String threadId, List<String> refs,
            Instant at) {
        return tx.preparedQuery("INSERT INTO thread_draft (draft_id, mailbox_id, thread_id, refs, status, updated_at) "
                + "VALUES ($1, $2, $3, $4, 'pending', $5) ON CONFLICT (draft_id) DO NOTHING RETURNING thread_id")
                .execute(Tuple.of(draftId, mailboxId, threadId, Sql.array(refs), Sql.ts(at)))
                .map(rows -> rows.iterator().hasNext() ? rows.iterator().next().getString("thread_id") : null);
    }

    /**
     * Records the decision on draft {@code draftId} ({@code approved} or {@code rejected}); a pending row changes,
     * a decided one stays, a draft not seen yet is recorded decided (its held event then changes nothing). Answers
     * the thread to recount, null when none.
     */
    public Uni<String> decided(SqlClient tx, String draftId, String mailboxId, String status, Instant at) {
        return tx.preparedQuery("INSERT INTO thread_draft (draft_id, mailbox_id, status, updated_at) "
                + "VALUES ($1, $2, $3, $4) ON CONFLICT (draft_id) DO UPDATE SET status = EXCLUDED.status, "
                + "updated_at = EXCLUDED.updated_at WHERE thread_draft.status = 'pending' RETURNING thread_id")
                .execute(Tuple.of(draftId, mailboxId, status, Sql.ts(at)))
                .map(rows -> rows.iterator().hasNext() ? rows.iterator().next().getString("thread_id") : null);
    }

    /**
     * Serialises, per mailbox, filing a message and recording a draft event: taken first in both transactions (a
     * transaction-scoped advisory lock), so each sees what the other committed. Without it a draft held while the
     * message it answers was being filed joined no thread: each transaction missed the other's uncommitted row.
     */
    public Uni<Void> lockMailbox(SqlClient tx, String mailboxId) {
        return tx.preparedQuery("SELECT pg_advisory_xact_lock(hashtextextended($1, 40))")
                .execute(Tuple.of(mailboxId)).replaceWithVoid();
    }

    /**
     * Puts the drafts of {@code mailboxId} that were held before the message they answer arrived into that
     * message's thread: those whose refs name {@code headerMessageId}.
     */
    public Uni<Void> attach(SqlClient tx, String mailboxId, String threadId, String headerMessageId) {
        if (headerMessageId == null) {
            return Uni.createFrom().voidItem();
        }
        return tx.preparedQuery("UPDATE thread_draft SET thread_id = $2 WHERE mailbox_id = $1 AND thread_id IS NULL "
                + "AND $3 = ANY(refs)").execute(Tuple.of(mailboxId, threadId, headerMessageId)).replaceWithVoid();
    }
}
