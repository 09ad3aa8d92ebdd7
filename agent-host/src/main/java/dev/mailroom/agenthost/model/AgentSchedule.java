package dev.mailroom.agenthost.model;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A wake-up of {@code Agent.onSchedule}. */
@Entity
@Table(name = "agent_schedule")
public class AgentSchedule {

    /** Where a schedule stands. */
    public enum Status {
        PENDING, FIRED, FAILED
    }

    @Id
    public String id;

    @Column(name = "agent_key", nullable = false)
    public String agentKey;

    @Column(name = "class_name", nullable = false)
    public String className;

    @Column(nullable = false)
    public String instance;

    @Column(name = "thread_id")
    public String threadId;

    @Column(nullable = false)
    public String payload;

    @Column(name = "due_at", nullable = false)
    public Instant dueAt;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Status status;

    @Column(nullable = false)
    public int attempts;

    @Column(name = "last_error")
    public String lastError;

    @Column(name = "causation_id")
    public String causationId;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "fired_at")
    public Instant firedAt;
}
