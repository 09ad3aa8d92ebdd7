package dev.mailroom.agenthost.repository;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import dev.mailroom.agenthost.model.WebhookAgentRow;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;

/** The {@code webhook_agent} table, in plain SQL on the reactive client (queries only). */
@ApplicationScoped
public class WebhookAgentSql {

    private static final String COLUMNS = "name, addresses, url, secret, timeout_ms, created_at, updated_at";

    private final Pool pool;

    public WebhookAgentSql(Pool pool) {
        this.pool = pool;
    }

    public Uni<List<WebhookAgentRow>> list() {
        return pool.query("SELECT " + COLUMNS + " FROM webhook_agent ORDER BY name").execute()
                .map(WebhookAgentSql::rows);
    }

    public Uni<Optional<WebhookAgentRow>> find(String name) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM webhook_agent WHERE name = $1")
                .execute(Tuple.of(name)).map(rs -> rows(rs).stream().findFirst());
    }

    /** Inserts {@code row}; false when a row of that name exists already. */
    public Uni<Boolean> insert(WebhookAgentRow row) {
        return pool.preparedQuery("INSERT INTO webhook_agent (" + COLUMNS + ") VALUES ($1, $2, $3, $4, $5, $6, $7)"
                + " ON CONFLICT (name) DO NOTHING").execute(values(row)).map(rs -> rs.rowCount() == 1);
    }

    /** Replaces the row of {@code row.name()} (created_at kept); false when there is none. */
    public Uni<Boolean> update(WebhookAgentRow row) {
        return pool.preparedQuery("UPDATE webhook_agent SET addresses = $2, url = $3, secret = $4, timeout_ms = $5,"
                + " updated_at = $7 WHERE name = $1").execute(values(row)).map(rs -> rs.rowCount() == 1);
    }

    /** Deletes the row of {@code name}; false when there is none. */
    public Uni<Boolean> delete(String name) {
        return pool.preparedQuery("DELETE FROM webhook_agent WHERE name = $1").execute(Tuple.of(name))
                .map(rs -> rs.rowCount() == 1);
    }

    private static Tuple values(WebhookAgentRow row) {
        return Tuple.from(List.of(row.name(), row.addresses().toArray(String[]::new), row.url(), row.secret(),
                row.timeout().toMillis(), row.createdAt().atOffset(ZoneOffset.UTC),
                row.updatedAt().atOffset(ZoneOffset.UTC)));
    }

    private static List<WebhookAgentRow> rows(RowSet<Row> rs) {
        List<WebhookAgentRow> out = new ArrayList<>();
        for (Row r : rs) {
            out.add(new WebhookAgentRow(r.getString("name"), List.of(r.getArrayOfStrings("addresses")),
                    r.getString("url"), r.getString("secret"), Duration.ofMillis(r.getLong("timeout_ms")),
                    instant(r, "created_at"), instant(r, "updated_at")));
        }
        return out;
    }

    private static Instant instant(Row r, String column) {
        return r.getOffsetDateTime(column).toInstant();
    }
}
