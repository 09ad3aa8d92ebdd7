package dev.mailroom.agenthost.repository;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import dev.mailroom.agent.HistoryMessage;
import dev.mailroom.agenthost.model.AgentMessage;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class AgentMessageRepository implements PanacheRepositoryBase<AgentMessage, String> {

    /** The newest {@code limit} messages of {@code agentKey}, newest first. */
    public Uni<List<AgentMessage>> newest(String agentKey, int limit) {
        return find("agentKey = ?1 order by seq desc", agentKey).page(0, limit).list();
    }

    public Uni<List<AgentMessage>> ofThread(String threadId) {
        return list("threadId = ?1 order by seq", threadId);
    }

    /**
     * Messages of {@code agentKey} after {@code afterSeq} in history order, optionally of one direction and one
     * thread. An instance's messages commit one at a time (its processing is serialised), so its sequence numbers
     * appear in order: a cursor never skips a message committed later with a lower number.
     */
    public Uni<List<AgentMessage>> after(String agentKey, long afterSeq, HistoryMessage.Direction direction,
            String threadId, int limit) {
        StringBuilder q = new StringBuilder("agentKey = :key and seq > :after");
        io.quarkus.panache.common.Parameters p = io.quarkus.panache.common.Parameters.with("key", agentKey)
                .and("after", afterSeq);
        if (direction != null) {
            q.append(" and direction = :direction");
            p = p.and("direction", direction);
        }
        if (threadId != null) {
            q.append(" and threadId = :thread");
            p = p.and("thread", threadId);
        }
        return find(q.append(" order by seq").toString(), p).page(0, limit).list();
    }

    /** The highest sequence number of {@code agentKey}'s history, 0 when it has none. */
    public Uni<Long> lastSeq(String agentKey) {
        return find("select coalesce(max(seq), 0) from AgentMessage where agentKey = ?1", agentKey)
                .project(Long.class).singleResult();
    }
}
