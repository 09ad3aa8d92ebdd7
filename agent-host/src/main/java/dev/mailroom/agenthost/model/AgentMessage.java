package dev.mailroom.agenthost.model;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import dev.mailroom.agent.HistoryMessage;

/** One message of an instance's history; address lists and references are JSON text. */
@Entity
@Table(name = "agent_message")
public class AgentMessage {

    @Id
    public String id;

    /** Assigned by the database (BIGSERIAL): the history order. */
    @Column(insertable = false, updatable = false)
    public Long seq;

    @Column(name = "agent_key", nullable = false)
    public String agentKey;

    @Column(name = "thread_id", nullable = false)
    public String threadId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public HistoryMessage.Direction direction;

    @Column(name = "message_id")
    public String messageId;

    public String sender;

    @Column(nullable = false)
    public String recipients;

    @Column(name = "reply_to", nullable = false)
    public String replyTo;

    @Column(nullable = false)
    public String subject;

    @Column(name = "text_body")
    public String text;

    @Column(name = "html_body")
    public String html;

    @Column(name = "in_reply_to")
    public String inReplyTo;

    @Column(nullable = false)
    public String refs;

    @Column(nullable = false)
    public Instant at;
}
