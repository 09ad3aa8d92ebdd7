package dev.mailroom.mailbox.repository;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/** The labels in use ({@code GET /v1/labels}): per label its messages, unread messages and threads. */
@ApplicationScoped
public class LabelSql {

    /** One label in use. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record LabelCount(String name, int messages, int unread, int threads) {
    }

    private final Pool pool;

    public LabelSql(Pool pool) {
        this.pool = pool;
    }

    /**
     * The labels of mailbox {@code mailboxId} (every mailbox when null) in {@code domains} (every domain when null),
     * by name; trash and spam do not count, as in the listing.
     */
    public Uni<List<LabelCount>> inUse(List<String> domains, String mailboxId) {
        return pool.preparedQuery("SELECT l.label, count(*)::int AS messages, "
                + "(count(*) FILTER (WHERE m.unread))::int AS unread, count(DISTINCT m.thread_id)::int AS threads "
                + "FROM message m CROSS JOIN LATERAL unnest(m.labels) AS l(label) "
                + "WHERE cardinality(m.labels) > 0 AND m.folder NOT IN ('trash', 'spam') "
                + "AND ($1::text[] IS NULL OR m.domain = ANY($1)) AND ($2::text IS NULL OR m.mailbox_id = $2) "
                + "GROUP BY l.label ORDER BY l.label")
                .execute(Tuple.of(domains == null ? null : domains.toArray(new String[0]), mailboxId)).map(rows -> {
                    List<LabelCount> out = new ArrayList<>();
                    for (Row r : rows) {
                        out.add(new LabelCount(r.getString("label"), r.getInteger("messages"),
                                r.getInteger("unread"), r.getInteger("threads")));
                    }
                    return out;
                });
    }
}
