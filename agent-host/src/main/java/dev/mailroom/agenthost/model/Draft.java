package dev.mailroom.agenthost.model;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A message held for approval; {@link #request} is the OutboundRequest JSON it becomes when approved. */
@Entity
@Table(name = "draft")
public class Draft {

    /** Where a draft stands. */
    public enum Status {
        PENDING, APPROVED, REJECTED
    }

    @Id
    public String id;

    @Column(name = "agent_key", nullable = false)
    public String agentKey;

    @Column(name = "class_name", nullable = false)
    public String className;

    @Column(name = "thread_id")
    public String threadId;

    @Column(nullable = false)
    public String request;

    @Column(nullable = false)
    public String reason;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Status status;

    @Column(name = "causation_id")
    public String causationId;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "decided_at")
    public Instant decidedAt;

    @Column(name = "decided_by")
    public String decidedBy;

    /** Why a person rejected it, when they said (at most 1,000 characters). */
    @Column(name = "decision_reason")
    public String decisionReason;
}
