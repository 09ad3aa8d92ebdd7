package dev.mailroom.egress.repository;

import jakarta.enterprise.context.ApplicationScoped;

import dev.mailroom.egress.model.ApiKey;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The API-key lookup of every request in plain SQL on the reactive client (no ORM session per request); keys are
 * created, listed and revoked through {@link ApiKeyRepository}.
 */
@ApplicationScoped
public class ApiKeySql {

    /** The key {@code id} (a detached row, never written back), or null. */
    public Uni<ApiKey> find(SqlClient sql, String id) {
        return sql.preparedQuery("select id, name, secret_sha256, domains, admin, rate_per_minute, created_at,"
                + " revoked_at from egress.api_key where id = $1")
                .execute(Tuple.of(id))
                .map(rows -> {
                    if (rows.size() == 0) {
                        return null;
                    }
                    Row row = rows.iterator().next();
                    ApiKey key = new ApiKey();
                    key.id = row.getString(0);
                    key.name = row.getString(1);
                    key.secretSha256 = row.getString(2);
                    key.domains = row.getString(3);
                    key.admin = row.getBoolean(4);
                    key.ratePerMinute = row.getInteger(5);
                    key.createdAt = Sql.instant(row.getOffsetDateTime(6));
                    key.revokedAt = Sql.instant(row.getOffsetDateTime(7));
                    return key;
                });
    }
}
