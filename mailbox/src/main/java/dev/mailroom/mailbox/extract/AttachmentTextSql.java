package dev.mailroom.mailbox.extract;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/** The worker's statements on {@code attachment_text} (reactive SQL client; schema {@code mailbox} on the path). */
@ApplicationScoped
public class AttachmentTextSql {

    /**
     * A claimed content.
     *
     * @param sha256      the content
     * @param store       the store holding its bytes ({@code blob.store}), null when there is no blob row
     * @param contentType the stored type, else an attachment's
     * @param filename    an attachment's file name carrying it, or null
     * @param attempts    attempts so far, this one included
     * @param references  attachments referencing it
     * @param wanted      of these, attachments of messages whose class is not disabled (or of no class)
     */
    public record Claimed(String sha256, String store, String contentType, String filename, int attempts, long references,
            long wanted) {
    }

    /**
     * Due pending rows, oldest first, skipping rows other workers hold ({@code FOR UPDATE SKIP LOCKED}); each is
     * leased until now + {@code lease} and its attempts counted. {@code disabledClasses} lower case.
     */
    private static final String CLAIM = """
            WITH due AS (
                SELECT sha256 FROM attachment_text
                WHERE status = 'pending' AND (next_attempt_at IS NULL OR next_attempt_at <= now())
                ORDER BY updated_at, sha256
                LIMIT $1
                FOR UPDATE SKIP LOCKED)
            UPDATE attachment_text t
            SET attempts = t.attempts + 1, next_attempt_at = now() + make_interval(secs => $2)
            FROM due
            WHERE t.sha256 = due.sha256
            RETURNING t.sha256, t.attempts,
                (SELECT b.store FROM blob b WHERE b.sha256 = t.sha256) AS store,
                coalesce(t.content_type,
                    (SELECT a.content_type FROM attachment a WHERE a.sha256 = t.sha256 ORDER BY a.id LIMIT 1))
                    AS content_type,
                (SELECT a.filename FROM attachment a WHERE a.sha256 = t.sha256 AND a.filename IS NOT NULL
                    ORDER BY a.id LIMIT 1) AS filename,
                (SELECT count(*) FROM attachment a WHERE a.sha256 = t.sha256) AS reference_count,
                (SELECT count(*) FROM attachment a JOIN message m ON m.id = a.message_id
                    WHERE a.sha256 = t.sha256
                    AND (m.agent_class IS NULL OR NOT (lower(m.agent_class) = ANY($3)))) AS wanted_count
            """;

    private static final String FINISH = """
            UPDATE attachment_text
            SET status = $2, text = $3, truncated = $4, detail = $5, next_attempt_at = NULL, updated_at = now()
            WHERE sha256 = $1 AND status = 'pending'
            """;

    private static final String RETRY = """
            UPDATE attachment_text
            SET detail = $2, next_attempt_at = now() + make_interval(secs => $3), updated_at = now()
            WHERE sha256 = $1 AND status = 'pending'
            """;

    private final Pool pool;

    AttachmentTextSql(Pool pool) {
        this.pool = pool;
    }

    /** Claims up to {@code limit} due pending rows, leased for {@code lease}. */
    public Uni<List<Claimed>> claim(int limit, Duration lease, List<String> disabledClasses) {
        return pool.withTransaction(conn -> conn.preparedQuery(CLAIM)
                .execute(Tuple.of(limit, seconds(lease), disabledClasses.toArray(new String[0])))
                .map(rows -> {
                    List<Claimed> claimed = new ArrayList<>();
                    for (Row r : rows) {
                        claimed.add(new Claimed(r.getString("sha256"), r.getString("store"), r.getString("content_type"),
                                r.getString("filename"), r.getInteger("attempts"), r.getLong("reference_count"),
                                r.getLong("wanted_count")));
                    }
                    return claimed;
                }));
    }

    /** Records the outcome: {@code done}, {@code unsupported}, {@code failed} or {@code skipped}. */
    public Uni<Void> finish(String sha256, String status, String text, boolean truncated, String detail) {
        return pool.preparedQuery(FINISH).execute(Tuple.of(sha256, status, text, truncated, detail)).replaceWithVoid();
    }

    /** Puts a failed attempt's row back, due after {@code after}. */
    public Uni<Void> retry(String sha256, String detail, Duration after) {
        return pool.preparedQuery(RETRY).execute(Tuple.of(sha256, detail, seconds(after))).replaceWithVoid();
    }

    private static double seconds(Duration d) {
        return d.toMillis() / 1000.0;
    }
}
