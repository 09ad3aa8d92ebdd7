package dev.mailroom.mailbox.stream;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/** Reads the event log in sequence order for the stream. */
@ApplicationScoped
public class EventStreamSql {

    /**
     * One log row.
     *
     * @param settled whether it has been in the log longer than the gap grace (a gap before it may be stepped over)
     */
    public record LogRow(long seq, String id, String type, String domain, String mailboxId, String messageId,
            Instant at, String data, boolean settled) {
    }

    private final Pool pool;

    EventStreamSql(Pool pool) {
        this.pool = pool;
    }

    /** The highest seq logged (0 when none). */
    public Uni<Long> head() {
        return pool.query("SELECT COALESCE(max(seq), 0) FROM event_log").execute()
                .map(rows -> rows.iterator().next().getLong(0));
    }

    /** Up to {@code limit} rows after {@code seq}, every tenant's (the caller filters), in seq order. */
    public Uni<List<LogRow>> after(long seq, int limit, Duration grace) {
        return pool.preparedQuery("SELECT seq, id, type, domain, mailbox_id, message_id, at, data::text AS data,"
                + " logged_at < now() - make_interval(secs => $3) AS settled"
                + " FROM event_log WHERE seq > $1 ORDER BY seq LIMIT $2")
                .execute(Tuple.of(seq, limit, grace.toMillis() / 1000.0)).map(rows -> {
                    List<LogRow> out = new ArrayList<>();
                    for (Row r : rows) {
                        out.add(new LogRow(r.getLong("seq"), r.getString("id"), r.getString("type"),
                                r.getString("domain"), r.getString("mailbox_id"), r.getString("message_id"),
                                r.getOffsetDateTime("at").toInstant(),
                                r.getString("data"), r.getBoolean("settled")));
                    }
                    return out;
                });
    }
}
