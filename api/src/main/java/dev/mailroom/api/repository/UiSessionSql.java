package dev.mailroom.api.repository;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The inbox's sessions, {@code api.ui_session} (Flyway {@code V6__ui_sessions.sql}, ADR 0039): one row per session,
 * keyed by the SHA-256 of its id, the API key sealed ({@code ui/SessionSecrets}). Queries only; times are the
 * caller's.
 */
@ApplicationScoped
public class UiSessionSql {

    /** One stored session. */
    public record StoredSession(String idSha256, String keyId, String sealedKey, Instant createdAt, Instant lastSeenAt,
            Instant idleExpiresAt, Instant expiresAt) {
    }

    public Uni<Void> insert(SqlClient sql, StoredSession s) {
        return sql.preparedQuery("insert into api.ui_session (id_sha256, key_id, sealed_key, created_at, last_seen_at,"
                + " idle_expires_at, expires_at) values ($1, $2, $3, $4, $5, $6, $7)")
                .execute(Tuple.from(new Object[] { s.idSha256(), s.keyId(), s.sealedKey(), at(s.createdAt()),
                        at(s.lastSeenAt()), at(s.idleExpiresAt()), at(s.expiresAt()) }))
                .replaceWithVoid();
    }

    /** The session of {@code idSha256} while it has not expired at {@code now}. */
    public Uni<Optional<StoredSession>> find(SqlClient sql, String idSha256, Instant now) {
        return sql.preparedQuery("select id_sha256, key_id, sealed_key, created_at, last_seen_at, idle_expires_at,"
                + " expires_at from api.ui_session where id_sha256 = $1 and idle_expires_at > $2 and expires_at > $2")
                .execute(Tuple.of(idSha256, at(now)))
                .map(rows -> first(rows).map(UiSessionSql::row));
    }

    /** Records a use at {@code now}: last seen, and the idle expiry moved (never past the absolute one). */
    public Uni<Void> touch(SqlClient sql, String idSha256, Instant now, Instant idleExpiresAt) {
        return sql.preparedQuery("update api.ui_session set last_seen_at = $2,"
                + " idle_expires_at = least($3, expires_at) where id_sha256 = $1")
                .execute(Tuple.of(idSha256, at(now), at(idleExpiresAt)))
                .replaceWithVoid();
    }

    /** Deletes one session; whether it existed. */
    public Uni<Boolean> delete(SqlClient sql, String idSha256) {
        return sql.preparedQuery("delete from api.ui_session where id_sha256 = $1")
                .execute(Tuple.of(idSha256)).map(rows -> rows.rowCount() > 0);
    }

    /** Deletes the sessions expired at {@code now}; how many. */
    public Uni<Integer> sweep(SqlClient sql, Instant now) {
        return sql.preparedQuery("delete from api.ui_session where idle_expires_at <= $1 or expires_at <= $1")
                .execute(Tuple.of(at(now))).map(RowSet::rowCount);
    }

    private static Optional<Row> first(RowSet<Row> rows) {
        var it = rows.iterator();
        return it.hasNext() ? Optional.of(it.next()) : Optional.empty();
    }

    private static StoredSession row(Row r) {
        return new StoredSession(r.getString("id_sha256"), r.getString("key_id"), r.getString("sealed_key"),
                r.getOffsetDateTime("created_at").toInstant(), r.getOffsetDateTime("last_seen_at").toInstant(),
                r.getOffsetDateTime("idle_expires_at").toInstant(), r.getOffsetDateTime("expires_at").toInstant());
    }

    private static OffsetDateTime at(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
