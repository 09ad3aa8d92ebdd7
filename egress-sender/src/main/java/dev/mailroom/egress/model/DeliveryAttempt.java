package dev.mailroom.egress.model;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One delivery attempt for one recipient and the remote answer. */
@Entity
@Table(name = "delivery_attempt")
public class DeliveryAttempt {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "message_id", nullable = false)
    public String messageId;

    @Column(nullable = false)
    public String recipient;

    @Column(name = "attempted_at", nullable = false)
    public Instant attemptedAt;

    public String host;

    /** delivered, sent, deferred, bounced or failed. */
    @Column(nullable = false)
    public String outcome;

    public String reply;
}
