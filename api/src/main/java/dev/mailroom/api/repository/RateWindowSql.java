package dev.mailroom.api.repository;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The shared rate-limit windows {@code api.rate_window}: one row per key and minute, counted by every api replica
 * in one statement per round of a key's concurrent requests ({@code service/RateLimiter}). Times come from PostgreSQL's clock, so replicas with skewed clocks still share one
 * window.
 */
@ApplicationScoped
public class RateWindowSql {

    /** The count of the current window after this request, and the milliseconds until the window ends. */
    public record Count(int count, long millisToReset) {
    }

    /** Counts {@code requests} requests of {@code keyId} in the current minute. */
    public Uni<Count> increment(SqlClient sql, String keyId, int requests) {
        return sql.preparedQuery("insert into api.rate_window as w (key_id, window_start, count)"
                + " values ($1, date_trunc('minute', now()), $2)"
                + " on conflict (key_id, window_start) do update set count = w.count + excluded.count"
                + " returning w.count,"
                + " ceil(extract(epoch from (w.window_start + interval '1 minute' - now())) * 1000)::bigint")
                .execute(Tuple.of(keyId, requests))
                .map(rows -> {
                    Row row = rows.iterator().next();
                    return new Count(row.getInteger(0), Math.max(0, row.getLong(1)));
                });
    }

    /** Drops windows that ended more than a minute ago; the number dropped. */
    public Uni<Integer> purge(SqlClient sql) {
        return sql.query("delete from api.rate_window where window_start < date_trunc('minute', now())"
                + " - interval '1 minute'").execute().map(rows -> rows.rowCount());
    }
}
