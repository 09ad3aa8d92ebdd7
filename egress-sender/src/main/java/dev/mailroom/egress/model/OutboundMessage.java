package dev.mailroom.egress.model;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import dev.mailroom.contract.MessageStatus;

/** One send request and its spooled, signed bytes. Status values: {@link MessageStatus}. */
@Entity
@Table(name = "outbound_message")
public class OutboundMessage {

    @Id
    public String id;

    @Column(nullable = false)
    public String status;

    /** {@code api} (accepted by the REST API, relayed to Kafka by us) or {@code kafka} (another producer). */
    @Column(nullable = false)
    public String source;

    @Column(name = "api_key_id")
    public String apiKeyId;

    @Column(nullable = false)
    public String sender;

    @Column(name = "sender_domain", nullable = false)
    public String senderDomain;

    @Column(nullable = false)
    public String subject;

    @Column(name = "message_id")
    public String messageId;

    /** The {@code OutboundRequest} JSON. */
    @Column(nullable = false)
    public String request;

    /** Signed RFC 5322 bytes; null until spooled. */
    public byte[] raw;

    @Column(name = "smtp_utf8", nullable = false)
    public boolean smtpUtf8;

    /** Comma-separated tags. */
    @Column(nullable = false)
    public String tags;

    public String failure;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}
