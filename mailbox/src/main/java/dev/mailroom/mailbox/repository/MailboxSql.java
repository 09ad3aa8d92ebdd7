package dev.mailroom.mailbox.repository;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.annotation.JsonProperty;

import dev.mailroom.platform.auth.Caller;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/** Mailboxes, by the reactive SQL client (schema {@code mailbox} is the connection's search path). */
@ApplicationScoped
public class MailboxSql {

    /** One mailbox as the API shows it. */
    public record MailboxView(String id, String address, String domain, @JsonProperty("agent_class") String agentClass,
            @JsonProperty("agent_instance") String agentInstance) {
    }

    /** A page of mailboxes. */
    public record MailboxList(List<MailboxView> items) {
    }

    private final Pool pool;

    MailboxSql(Pool pool) {
        this.pool = pool;
    }

    /** The mailboxes of the caller's domains (every domain for admin and {@code *} keys). */
    public Uni<MailboxList> list(Caller caller) {
        boolean everywhere = caller.coversEveryDomain();
        String sql = everywhere
                ? "SELECT id, address, domain, agent_class, agent_instance FROM mailbox ORDER BY address LIMIT 100"
                : "SELECT id, address, domain, agent_class, agent_instance FROM mailbox WHERE domain = ANY($1) ORDER BY address LIMIT 100";
        Tuple args = everywhere ? Tuple.tuple() : Tuple.of(caller.domains().toArray(new String[0]));
        return pool.preparedQuery(sql).execute(args).map(rows -> {
            List<MailboxView> items = new ArrayList<>();
            for (Row r : rows) {
                items.add(new MailboxView(r.getString("id"), r.getString("address"), r.getString("domain"),
                        r.getString("agent_class"), r.getString("agent_instance")));
            }
            return new MailboxList(items);
        });
    }
}
