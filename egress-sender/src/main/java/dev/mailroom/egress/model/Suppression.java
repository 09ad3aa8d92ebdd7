package dev.mailroom.egress.model;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A recipient Mailroom no longer sends to (hard bounce or added by hand). */
@Entity
@Table(name = "suppression")
public class Suppression {

    @Id
    public String address;

    /** {@code hard-bounce} or {@code manual}. */
    @Column(nullable = false)
    public String reason;

    public String detail;

    @Column(name = "message_id")
    public String messageId;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
}
