package dev.mailroom.agenthost.model;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A record waiting to be published to Kafka (transactional outbox). */
@Entity
@Table(name = "outbox_message")
public class OutboxMessage {

    @Id
    public String id;

    @Column(nullable = false)
    public String topic;

    @Column(nullable = false)
    public String payload;

    /** Kafka key when it is not {@link #id} (events are keyed by the message they are about). */
    @Column(name = "record_key")
    public String recordKey;

    @Column(name = "causation_id")
    public String causationId;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "published_at")
    public Instant publishedAt;
}
