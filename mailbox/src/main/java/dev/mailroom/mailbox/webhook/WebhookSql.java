package dev.mailroom.mailbox.webhook;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import dev.mailroom.platform.auth.Caller;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Webhooks and their deliveries, by the reactive SQL client. Every read and change of a webhook is scoped: a
 * webhook is visible to a key that covers every domain, or whose domains include all of the webhook's scope.
 */
@ApplicationScoped
public class WebhookSql {

    /** A webhook row (its secrets only where the dispatcher or a rotation needs them). */
    public record Webhook(String id, String keyId, List<String> scope, String url, List<String> eventTypes,
            String mailboxId, String domain, String description, boolean enabled, String disabledReason,
            Instant disabledAt, int failedEvents, Instant failingSince, Instant previousSecretUntil,
            Instant createdAt, Instant updatedAt) {
    }

    /** A delivery row with its event's type. */
    public record Delivery(String id, String webhookId, long eventSeq, String eventId, String eventType,
            String status, int attempts, Instant nextAttemptAt, Instant lastAttemptAt, Integer lastStatus,
            String lastError, Instant createdAt) {
    }

    /** A claimed delivery with what its attempt needs. */
    public record Claimed(String id, String webhookId, String eventId, int attempts, String url, String secret,
            String previousSecret, Instant previousSecretUntil, String type, Instant at, String data,
            String messageId) {
    }

    private static final String COLUMNS = "id, key_id, scope, url, event_types, mailbox_id, domain, description,"
            + " enabled, disabled_reason, disabled_at, failed_events, failing_since, previous_secret_until,"
            + " created_at, updated_at";

    /** Visible to $2 (every domain) or when the scope is within $3 (the key's domains). */
    private static final String VISIBLE = "($2 OR (NOT '*' = ANY (scope) AND scope <@ $3::text[]))";

    private final Pool pool;

    WebhookSql(Pool pool) {
        this.pool = pool;
    }

    public Pool pool() {
        return pool;
    }

    private static Tuple scoped(String id, Caller caller) {
        return Tuple.of(id, caller.coversEveryDomain(), caller.domains().toArray(new String[0]));
    }

    public Uni<Void> insert(Webhook w, String secret) {
        return pool.preparedQuery("INSERT INTO webhook (id, key_id, scope, url, event_types, mailbox_id, domain,"
                + " description, enabled, secret, created_at, updated_at)"
                + " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11)")
                .execute(Tuple.from(new Object[] {w.id(), w.keyId(), w.scope().toArray(new String[0]), w.url(),
                        w.eventTypes().toArray(new String[0]), w.mailboxId(), w.domain(), w.description(),
                        w.enabled(), secret, utc(w.createdAt())}))
                .replaceWithVoid();
    }

    /** The webhook {@code id} if {@code caller} may see it. */
    public Uni<Optional<Webhook>> find(String id, Caller caller) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM webhook WHERE id = $1 AND " + VISIBLE)
                .execute(scoped(id, caller)).map(rows -> first(rows, WebhookSql::webhook));
    }

    /** The webhooks {@code caller} may see, oldest first. */
    public Uni<List<Webhook>> list(Caller caller) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM webhook WHERE $1::text IS NULL AND " + VISIBLE
                + " ORDER BY created_at, id LIMIT 500")
                .execute(scoped(null, caller)).map(rows -> all(rows, WebhookSql::webhook));
    }

    /** Writes the changeable fields of {@code w}; re-enabling clears the automatic disabling's state. */
    public Uni<Void> update(Webhook w) {
        return pool.preparedQuery("UPDATE webhook SET url = $2, event_types = $3, mailbox_id = $4, domain = $5,"
                + " description = $6, enabled = $7, updated_at = now(),"
                + " disabled_reason = CASE WHEN $7 THEN NULL ELSE disabled_reason END,"
                + " disabled_at = CASE WHEN $7 THEN NULL WHEN enabled THEN now() ELSE disabled_at END,"
                + " failed_events = CASE WHEN $7 AND NOT enabled THEN 0 ELSE failed_events END,"
                + " failing_since = CASE WHEN $7 AND NOT enabled THEN NULL ELSE failing_since END WHERE id = $1")
                .execute(Tuple.from(new Object[] {w.id(), w.url(), w.eventTypes().toArray(new String[0]),
                        w.mailboxId(), w.domain(), w.description(), w.enabled()}))
                .replaceWithVoid();
    }

    /** Deletes {@code id} (and its deliveries) if {@code caller} may see it; whether it did. */
    public Uni<Boolean> delete(String id, Caller caller) {
        return pool.preparedQuery("DELETE FROM webhook WHERE id = $1 AND " + VISIBLE).execute(scoped(id, caller))
                .map(rows -> rows.rowCount() == 1);
    }

    /** A new secret; the current one keeps signing until {@code overlap} from now. The time it stops, if any. */
    public Uni<Optional<Instant>> rotate(String id, Caller caller, String secret, Duration overlap) {
        return pool.preparedQuery("UPDATE webhook SET previous_secret = secret, secret = $4,"
                + " previous_secret_until = now() + make_interval(secs => $5), updated_at = now()"
                + " WHERE id = $1 AND " + VISIBLE + " RETURNING previous_secret_until")
                .execute(Tuple.from(new Object[] {id, caller.coversEveryDomain(),
                        caller.domains().toArray(new String[0]), secret, seconds(overlap)}))
                .map(rows -> first(rows, r -> r.getOffsetDateTime(0).toInstant()));
    }

    /** The deliveries of webhook {@code id}, newest event first, before {@code beforeSeq} when given. */
    public Uni<List<Delivery>> deliveries(String webhookId, Long beforeSeq, int limit) {
        return pool.preparedQuery("SELECT d.id, d.webhook_id, d.event_seq, d.event_id, e.type, d.status, d.attempts,"
                + " d.next_attempt_at, d.last_attempt_at, d.last_status, d.last_error, d.created_at"
                + " FROM webhook_delivery d LEFT JOIN event_log e ON e.seq = d.event_seq"
                + " WHERE d.webhook_id = $1 AND ($2::bigint IS NULL OR d.event_seq < $2)"
                + " ORDER BY d.event_seq DESC, d.id LIMIT $3")
                .execute(Tuple.of(webhookId, beforeSeq, limit)).map(rows -> all(rows, WebhookSql::delivery));
    }

    /** Sets delivery {@code id} of webhook {@code webhookId} pending again, as new; the row, if it exists. */
    public Uni<Optional<Delivery>> replay(String webhookId, String id) {
        return pool.preparedQuery("UPDATE webhook_delivery d SET status = 'pending', attempts = 0,"
                + " next_attempt_at = now(), last_error = NULL WHERE d.id = $2 AND d.webhook_id = $1"
                + " RETURNING d.id, d.webhook_id, d.event_seq, d.event_id,"
                + " (SELECT type FROM event_log e WHERE e.seq = d.event_seq) AS type, d.status, d.attempts,"
                + " d.next_attempt_at, d.last_attempt_at, d.last_status, d.last_error, d.created_at")
                .execute(Tuple.of(webhookId, id)).map(rows -> first(rows, WebhookSql::delivery));
    }

    /**
     * Every event of [{@code since}, {@code until}) the webhook wants, at most {@code limit}, delivered again
     * (pending as new; a delivery created for those it never had). The number.
     */
    public Uni<Integer> replayRange(String webhookId, Instant since, Instant until, int limit) {
        return pool.preparedQuery("INSERT INTO webhook_delivery (id, webhook_id, event_seq, event_id, status,"
                + " next_attempt_at, created_at)"
                + " SELECT 'whd_' || replace(gen_random_uuid()::text, '-', ''), w.id, e.seq, e.id, 'pending', now(), now()"
                + " FROM webhook w JOIN event_log e ON webhook_wants(w, e)"
                + " WHERE w.id = $1 AND e.at >= $2 AND e.at < $3 ORDER BY e.seq LIMIT $4"
                + " ON CONFLICT (webhook_id, event_id) DO UPDATE SET status = 'pending', attempts = 0,"
                + " next_attempt_at = now(), last_error = NULL")
                .execute(Tuple.of(webhookId, utc(since), utc(until), limit)).map(RowSet::rowCount);
    }

    /**
     * Claims up to {@code limit} due deliveries of enabled webhooks (skipping those another dispatcher holds) and
     * leases them for {@code lease}: another claim sees them again only if this one never reports.
     */
    public Uni<List<Claimed>> claim(int limit, Duration lease) {
        return pool.withTransaction(c -> c.preparedQuery("WITH due AS (SELECT d.id FROM webhook_delivery d"
                + " JOIN webhook w ON w.id = d.webhook_id"
                + " WHERE d.status = 'pending' AND d.next_attempt_at <= now() AND w.enabled"
                + " ORDER BY d.next_attempt_at LIMIT $1 FOR UPDATE OF d SKIP LOCKED)"
                + " UPDATE webhook_delivery d SET next_attempt_at = now() + make_interval(secs => $2)"
                + " FROM due, webhook w, event_log e"
                + " WHERE d.id = due.id AND w.id = d.webhook_id AND e.seq = d.event_seq"
                + " RETURNING d.id, d.webhook_id, d.event_id, d.attempts, w.url, w.secret, w.previous_secret,"
                + " w.previous_secret_until, e.type, e.at, e.data::text AS data, e.message_id")
                .execute(Tuple.of(limit, seconds(lease))).map(rows -> all(rows, r -> new Claimed(r.getString("id"),
                        r.getString("webhook_id"), r.getString("event_id"), r.getInteger("attempts"),
                        r.getString("url"), r.getString("secret"), r.getString("previous_secret"),
                        instant(r, "previous_secret_until"), r.getString("type"), instant(r, "at"),
                        r.getString("data"), r.getString("message_id")))));
    }

    /** A 2xx answer: delivered; the webhook's failure state cleared. */
    public Uni<Void> delivered(String id, String webhookId, int status) {
        return pool.withTransaction(c -> c.preparedQuery("UPDATE webhook_delivery SET status = 'delivered',"
                + " attempts = attempts + 1, last_attempt_at = now(), last_status = $2, last_error = NULL"
                + " WHERE id = $1").execute(Tuple.of(id, status))
                .chain(() -> c.preparedQuery("UPDATE webhook SET failed_events = 0, failing_since = NULL"
                        + " WHERE id = $1 AND (failed_events > 0 OR failing_since IS NOT NULL)")
                        .execute(Tuple.of(webhookId)))
                .replaceWithVoid());
    }

    /**
     * A failed attempt: retried after {@code retryIn}, or failed for good when null. The webhook is disabled when
     * {@code maxFailedEvents} consecutive events failed for good or it has been failing longer than
     * {@code failingFor}; the reason then, else empty.
     */
    public Uni<Optional<String>> failed(String id, String webhookId, Integer status, String error, Duration retryIn,
            int maxFailedEvents, Duration failingFor) {
        boolean last = retryIn == null;
        return pool.withTransaction(c -> c.preparedQuery("UPDATE webhook_delivery SET attempts = attempts + 1,"
                + " last_attempt_at = now(), last_status = $2, last_error = $3,"
                + " status = CASE WHEN $4 THEN 'failed' ELSE status END,"
                + " next_attempt_at = CASE WHEN $4 THEN next_attempt_at ELSE now() + make_interval(secs => $5) END"
                + " WHERE id = $1").execute(Tuple.from(new Object[] {id, status, error, last,
                        last ? 0.0 : seconds(retryIn)}))
                .chain(() -> c.preparedQuery("UPDATE webhook SET failed_events = failed_events + $2,"
                        + " failing_since = COALESCE(failing_since, now()) WHERE id = $1")
                        .execute(Tuple.of(webhookId, last ? 1 : 0)))
                .chain(() -> c.preparedQuery("UPDATE webhook SET enabled = FALSE, disabled_at = now(),"
                        + " updated_at = now(), disabled_reason = CASE WHEN failed_events >= $2"
                        + " THEN failed_events || ' consecutive events failed every delivery attempt'"
                        + " ELSE 'deliveries have failed since ' || to_char(failing_since AT TIME ZONE 'UTC',"
                        + " 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') || ' without a success' END"
                        + " WHERE id = $1 AND enabled AND (failed_events >= $2"
                        + " OR failing_since < now() - make_interval(secs => $3)) RETURNING disabled_reason")
                        .execute(Tuple.of(webhookId, maxFailedEvents, seconds(failingFor))))
                .map(rows -> first(rows, r -> r.getString(0))));
    }

    static Webhook webhook(Row r) {
        return new Webhook(r.getString("id"), r.getString("key_id"), List.of(r.getArrayOfStrings("scope")),
                r.getString("url"), List.of(r.getArrayOfStrings("event_types")), r.getString("mailbox_id"),
                r.getString("domain"), r.getString("description"), r.getBoolean("enabled"),
                r.getString("disabled_reason"), instant(r, "disabled_at"), r.getInteger("failed_events"),
                instant(r, "failing_since"), instant(r, "previous_secret_until"), instant(r, "created_at"),
                instant(r, "updated_at"));
    }

    static Delivery delivery(Row r) {
        return new Delivery(r.getString("id"), r.getString("webhook_id"), r.getLong("event_seq"),
                r.getString("event_id"), r.getString("type"), r.getString("status"), r.getInteger("attempts"),
                instant(r, "next_attempt_at"), instant(r, "last_attempt_at"), r.getInteger("last_status"),
                r.getString("last_error"), instant(r, "created_at"));
    }

    static Instant instant(Row r, String column) {
        OffsetDateTime t = r.getOffsetDateTime(column);
        return t == null ? null : t.toInstant();
    }

    static OffsetDateTime utc(Instant i) {
        return i == null ? null : i.atOffset(ZoneOffset.UTC);
    }

    static double seconds(Duration d) {
        return d.toMillis() / 1000.0;
    }

    static <T> Optional<T> first(RowSet<Row> rows, Function<Row, T> f) {
        var it = rows.iterator();
        return it.hasNext() ? Optional.of(f.apply(it.next())) : Optional.empty();
    }

    static <T> List<T> all(RowSet<Row> rows, Function<Row, T> f) {
        List<T> out = new ArrayList<>();
        for (Row r : rows) {
            out.add(f.apply(r));
        }
        return out;
    }
}
