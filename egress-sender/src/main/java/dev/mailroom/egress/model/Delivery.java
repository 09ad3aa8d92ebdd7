package dev.mailroom.egress.model;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import dev.mailroom.contract.DeliveryStatus;

/** One envelope recipient of one message: the unit of the delivery queue. Status values: {@link DeliveryStatus}. */
@Entity
@Table(name = "delivery")
public class Delivery {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "message_id", nullable = false)
    public String messageId;

    @Column(nullable = false)
    public String recipient;

    @Column(nullable = false)
    public String domain;

    @Column(nullable = false)
    public String status;

    @Column(nullable = false)
    public int attempts;

    @Column(name = "next_attempt_at", nullable = false)
    public Instant nextAttemptAt;

    @Column(name = "last_reply")
    public String lastReply;

    @Column(name = "last_host")
    public String lastHost;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}
