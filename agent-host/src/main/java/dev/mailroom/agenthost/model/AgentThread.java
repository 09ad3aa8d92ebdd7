package dev.mailroom.agenthost.model;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A thread of one instance. */
@Entity
@Table(name = "agent_thread")
public class AgentThread {

    @Id
    public String id;

    @Column(name = "agent_key", nullable = false)
    public String agentKey;

    @Column(nullable = false)
    public String subject;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}
