package dev.mailroom.mailbox.repository;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.annotation.JsonProperty;

import dev.mailroom.platform.auth.Caller;
import dev.mailroom.platform.page.Page;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/** Mailboxes, by the reactive SQL client (schema {@code mailbox} is the connection's search path). */
@ApplicationScoped
public class MailboxSql {

    /** One mailbox as the API shows it, with its counts. */
    public record MailboxView(String id, String address, String domain, @JsonProperty("agent_class") String agentClass,
            @JsonProperty("agent_instance") String agentInstance, long messages, long unread,
            @JsonProperty("threads_needing_reply") long threadsNeedingReply) {
    }

    private final Pool pool;

    MailboxSql(Pool pool) {
        this.pool = pool;
    }

    /**
     * A page of the mailboxes of the caller's domains (every domain for admin and {@code *} keys), by address,
     * after {@code afterAddress} (null: from the start).
     */
    public Uni<Page<MailboxView>> list(Caller caller, String afterAddress, int limit) {
        boolean everywhere = caller.coversEveryDomain();
        String sql = "SELECT b.id, b.address, b.domain, b.agent_class, b.agent_instance, "
                + "COALESCE(s.messages, 0) AS messages, COALESCE(s.unread, 0) AS unread, COALESCE(s.needs, 0) AS needs "
                + "FROM mailbox b LEFT JOIN LATERAL (SELECT sum(message_count) AS messages, sum(unread_count) AS unread, "
                + "count(*) FILTER (WHERE needs_reply) AS needs FROM thread t WHERE t.mailbox_id = b.id) s ON TRUE "
                + "WHERE ($1::text[] IS NULL OR b.domain = ANY($1)) AND ($2::text IS NULL OR b.address > $2) "
                + "ORDER BY b.address LIMIT $3";
        Tuple args = Tuple.of(everywhere ? null : caller.domains().toArray(new String[0]), afterAddress, limit + 1);
        return pool.preparedQuery(sql).execute(args).map(rows -> {
            List<MailboxView> items = new ArrayList<>();
            for (Row r : rows) {
                items.add(new MailboxView(r.getString("id"), r.getString("address"), r.getString("domain"),
                        r.getString("agent_class"), r.getString("agent_instance"), r.getLong("messages"),
                        r.getLong("unread"), r.getLong("needs")));
            }
            return Page.of(items, limit, MailboxView::address);
        });
    }
}
