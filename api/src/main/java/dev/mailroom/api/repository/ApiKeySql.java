package dev.mailroom.api.repository;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import dev.mailroom.contract.ApiKeyRecord;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The key table {@code api.api_key} in plain SQL on the reactive client. Rows are {@link ApiKeyRecord}s (what the
 * topic carries) plus the revocation time; the token is never stored, only its SHA-256.
 */
@ApplicationScoped
public class ApiKeySql {

    /** A stored key: the record it publishes and, when revoked, when. */
    public record StoredKey(ApiKeyRecord record, Instant revokedAt) {

        public boolean revoked() {
            return revokedAt != null;
        }
    }

    private static final String COLUMNS = "id, name, secret_sha256, permissions, domains, rate_per_minute,"
            + " created_at, revoked_at";

    public Uni<Void> insert(SqlClient sql, ApiKeyRecord key) {
        return sql.preparedQuery("insert into api.api_key (id, name, secret_sha256, permissions, domains,"
                + " rate_per_minute, created_at) values ($1, $2, $3, $4, $5, $6, $7)")
                .execute(Tuple.from(List.of(key.id(), key.name(), key.secretSha256(),
                        key.permissions().toArray(String[]::new), key.domains().toArray(String[]::new)))
                        .addInteger(key.ratePerMinute())
                        .addOffsetDateTime(OffsetDateTime.ofInstant(key.createdAt(), ZoneOffset.UTC)))
                .replaceWithVoid();
    }

    /** The key {@code id}, revoked or not, or null. */
    public Uni<StoredKey> find(SqlClient sql, String id) {
        return sql.preparedQuery("select " + COLUMNS + " from api.api_key where id = $1").execute(Tuple.of(id))
                .map(rows -> rows.size() == 0 ? null : stored(rows.iterator().next()));
    }

    /**
     * Up to {@code limit} active keys in creation order after the cursor ({@code afterCreated}, {@code afterId};
     * both null for the first page).
     */
    public Uni<List<StoredKey>> active(SqlClient sql, Instant afterCreated, String afterId, int limit) {
        if (afterCreated == null) {
            return sql.preparedQuery("select " + COLUMNS + " from api.api_key where revoked_at is null"
                    + " order by created_at, id limit $1").execute(Tuple.of(limit)).map(ApiKeySql::all);
        }
        return sql.preparedQuery("select " + COLUMNS + " from api.api_key where revoked_at is null"
                + " and (created_at, id) > ($1, $2) order by created_at, id limit $3")
                .execute(Tuple.of(OffsetDateTime.ofInstant(afterCreated, ZoneOffset.UTC), afterId, limit))
                .map(ApiKeySql::all);
    }

    /** Every key, revoked ones included (for the republication at start). */
    public Uni<List<StoredKey>> everyKey(SqlClient sql) {
        return sql.query("select " + COLUMNS + " from api.api_key order by created_at, id").execute()
                .map(ApiKeySql::all);
    }

    /** Marks {@code id} revoked now unless it already is. */
    public Uni<Void> revoke(SqlClient sql, String id) {
        return sql.preparedQuery("update api.api_key set revoked_at = now() where id = $1 and revoked_at is null")
                .execute(Tuple.of(id)).replaceWithVoid();
    }

    private static List<StoredKey> all(RowSet<Row> rows) {
        List<StoredKey> keys = new java.util.ArrayList<>(rows.size());
        rows.forEach(r -> keys.add(stored(r)));
        return keys;
    }

    private static StoredKey stored(Row row) {
        OffsetDateTime revoked = row.getOffsetDateTime("revoked_at");
        return new StoredKey(ApiKeyRecord.of(row.getString("id"), row.getString("name"),
                row.getString("secret_sha256"), Arrays.asList(row.getArrayOfStrings("permissions")),
                Arrays.asList(row.getArrayOfStrings("domains")), row.getInteger("rate_per_minute"),
                row.getOffsetDateTime("created_at").toInstant()), revoked == null ? null : revoked.toInstant());
    }
}
