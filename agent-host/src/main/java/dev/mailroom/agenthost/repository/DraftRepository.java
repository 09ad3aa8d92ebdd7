package dev.mailroom.agenthost.repository;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import dev.mailroom.agenthost.model.Draft;
import dev.mailroom.platform.page.Keyset;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class DraftRepository implements PanacheRepositoryBase<Draft, String> {

    /**
     * Drafts with {@code status} (all when null), oldest first (id breaks ties: a stable order), after the position
     * {@code after} (creation time, id) when given, at most {@code limit}.
     */
    public Uni<List<Draft>> page(Draft.Status status, Keyset after, int limit) {
        KeysetQuery q = KeysetQuery.of("createdAt", status, after);
        return find(q.query(), q.params()).page(0, limit).list();
    }

    /**
     * As {@link #page(Draft.Status, Keyset, int)}, only drafts of agent {@code agentKey} (any when null) in thread
     * {@code thread} (any when null): the instance's thread id, or the Message-ID of a message recorded in one of its
     * threads (a mailbox thread's root), so a mailbox thread can show its drafts inline.
     */
    public Uni<List<Draft>> page(Draft.Status status, Keyset after, int limit, String agentKey, String thread) {
        StringBuilder filter = new StringBuilder("1 = 1");
        Parameters params = new Parameters();
        if (agentKey != null) {
            filter.append(" and agentKey = :agent");
            params.and("agent", agentKey);
        }
        if (thread != null) {
            filter.append(" and (threadId = :thread or threadId in (select m.threadId from AgentMessage m where")
                    .append(agentKey != null ? " m.agentKey = :agent and" : "").append(" m.messageId = :thread))");
            params.and("thread", thread);
        }
        KeysetQuery q = KeysetQuery.of("createdAt", status, after, filter.toString(), params);
        return find(q.query(), q.params()).page(0, limit).list();
    }

    public Uni<List<Draft>> ofAgent(String agentKey) {
        return list("agentKey = ?1 order by createdAt", agentKey);
    }
}
