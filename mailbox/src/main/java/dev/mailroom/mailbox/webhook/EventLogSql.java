package dev.mailroom.mailbox.webhook;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/** Queries of the event log's producers: the tenant of a message, appending, parked events. */
@ApplicationScoped
public class EventLogSql {

    /** Where an outbound message lives. */
    public record MessageScope(String domain, String mailboxId) {
    }

    /** A parked source event. */
    public record Parked(String id, String eventJson, int attempts, Instant firstSeenAt) {
    }

    /** The domain and mailbox of message {@code id}, when this service has it. */
    public Uni<Optional<MessageScope>> messageScope(SqlClient c, String id) {
        return c.preparedQuery("SELECT domain, mailbox_id FROM message WHERE id = $1").execute(Tuple.of(id))
                .map(rows -> {
                    var it = rows.iterator();
                    if (!it.hasNext()) {
                        return Optional.empty();
                    }
                    Row r = it.next();
                    return Optional.of(new MessageScope(r.getString("domain"), r.getString("mailbox_id")));
                });
    }

    /** Appends {@code e} unless its id is logged already (the fan-out trigger runs with it); whether it was new. */
    public Uni<Boolean> append(SqlClient c, CustomerEvents.Entry e) {
        return c.preparedQuery("INSERT INTO event_log (id, type, domain, mailbox_id, message_id, at, data)"
                + " VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (id) DO NOTHING")
                .execute(Tuple.from(new Object[] {e.id(), e.type(), e.domain(), e.mailboxId(), e.messageId(),
                        e.at().atOffset(ZoneOffset.UTC), new JsonObject(e.data().toString())}))
                .map(rows -> rows.rowCount() == 1);
    }

    /** Parks a source event whose tenant is not known yet (once per id). */
    public Uni<Void> park(SqlClient c, String id, String eventJson, Duration retryIn) {
        return c.preparedQuery("INSERT INTO event_log_pending (id, event, attempts, first_seen_at, next_attempt_at)"
                + " VALUES ($1, $2, 0, now(), now() + make_interval(secs => $3)) ON CONFLICT (id) DO NOTHING")
                .execute(Tuple.of(id, new JsonObject(eventJson), (double) retryIn.toMillis() / 1000))
                .replaceWithVoid();
    }

    /** Claims up to {@code limit} due parked events (in the caller's transaction). */
    public Uni<List<Parked>> claimDue(SqlClient c, int limit) {
        return c.preparedQuery("SELECT id, event::text AS event, attempts, first_seen_at FROM event_log_pending"
                + " WHERE next_attempt_at <= now() ORDER BY next_attempt_at LIMIT $1 FOR UPDATE SKIP LOCKED")
                .execute(Tuple.of(limit)).map(rows -> {
                    List<Parked> out = new ArrayList<>();
                    for (Row r : rows) {
                        out.add(new Parked(r.getString("id"), r.getString("event"), r.getInteger("attempts"),
                                r.getOffsetDateTime("first_seen_at").toInstant()));
                    }
                    return out;
                });
    }

    /** Tries a parked event again later. */
    public Uni<Void> later(SqlClient c, String id, Duration retryIn) {
        return c.preparedQuery("UPDATE event_log_pending SET attempts = attempts + 1,"
                + " next_attempt_at = now() + make_interval(secs => $2) WHERE id = $1")
                .execute(Tuple.of(id, (double) retryIn.toMillis() / 1000)).replaceWithVoid();
    }

    /** Forgets a parked event (logged, or given up). */
    public Uni<Void> unpark(SqlClient c, String id) {
        return c.preparedQuery("DELETE FROM event_log_pending WHERE id = $1").execute(Tuple.of(id)).replaceWithVoid();
    }
}
