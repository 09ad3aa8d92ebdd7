package dev.mailroom.agenthost.repository;

import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import dev.mailroom.agenthost.agent.HistoryMessage;
import dev.mailroom.agenthost.model.AgentMessage;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class AgentMessageRepository implements PanacheRepositoryBase<AgentMessage, String> {

    /** The newest message of {@code agentKey} whose Message-ID is one of {@code messageIds}, or null. */
    public Uni<AgentMessage> newestWithMessageId(String agentKey, List<String> messageIds) {
        return find("agentKey = ?1 and messageId in ?2 order by seq desc", agentKey, messageIds).firstResult();
    }

    /** The newest outbound message of {@code agentKey} requested in [from, to), or null. */
    public Uni<AgentMessage> newestOutboundBetween(String agentKey, Instant from, Instant to) {
        return find("agentKey = ?1 and direction = ?2 and at >= ?3 and at < ?4 order by seq desc", agentKey,
                HistoryMessage.Direction.OUT, from, to).firstResult();
    }

    /** The newest {@code limit} messages of {@code agentKey}, newest first. */
    public Uni<List<AgentMessage>> newest(String agentKey, int limit) {
        return find("agentKey = ?1 order by seq desc", agentKey).page(0, limit).list();
    }

    public Uni<List<AgentMessage>> ofThread(String threadId) {
        return list("threadId = ?1 order by seq", threadId);
    }
}
