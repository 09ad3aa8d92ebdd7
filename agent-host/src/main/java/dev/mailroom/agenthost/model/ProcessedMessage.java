package dev.mailroom.agenthost.model;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A routed message whose effects are committed. */
@Entity
@Table(name = "processed_message")
public class ProcessedMessage {

    @Id
    public String id;

    @Column(name = "agent_key", nullable = false)
    public String agentKey;

    @Column(name = "processed_at", nullable = false)
    public Instant processedAt;

    public static ProcessedMessage of(String id, String agentKey) {
        ProcessedMessage p = new ProcessedMessage();
        p.id = id;
        p.agentKey = agentKey;
        p.processedAt = Instant.now();
        return p;
    }
}
