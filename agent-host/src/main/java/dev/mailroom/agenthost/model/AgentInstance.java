package dev.mailroom.agenthost.model;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/** One agent instance and its durable state (JSON text). */
@Entity
@Table(name = "agent_instance")
public class AgentInstance {

    @Id
    public String id;

    @Column(name = "class_name", nullable = false)
    public String className;

    @Column(nullable = false)
    public String instance;

    @Column(nullable = false)
    public String state;

    /** The address this instance was last written to: the From of its new messages. */
    public String address;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    @Version
    public long version;
}
