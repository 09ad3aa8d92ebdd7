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
}
