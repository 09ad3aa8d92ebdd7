package dev.mailroom.agenthost.service;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

import dev.mailroom.agenthost.model.OutboxMessage;
import dev.mailroom.contract.Json;
import dev.mailroom.contract.MailroomEvent;
import dev.mailroom.contract.OutboundRequest;
import dev.mailroom.contract.Topics;

/** Events of agent-host; they leave through the outbox, so they commit (or not) with what they describe. */
final class Events {

    /** platform's event factory: service {@code agent-host}, ids {@code type:messageId}, time. */
    static final dev.mailroom.platform.events.Events EVENTS = new dev.mailroom.platform.events.Events("agent-host");

    private Events() {
    }

    /**
     * {@code agent.send-held}: the send policy kept a message as a draft; {@code from} (the sender) scopes the
     * customer's {@code draft.created} event to its domain (ADR 0038).
     */
    static OutboxMessage sendHeld(OutboundRequest request, String reason, Instant now) {
        return event(EVENTS.event("agent.send-held", request.id(),
                Map.of("agent", request.agent().key(), "reason", reason, "from", request.from().address())),
                request.causationId(), now);
    }

    /** {@code agent.reply-to-ignored}: a reply went to From, not to a Reply-To outside the correspondents. */
    static OutboxMessage replyToIgnored(OutboundRequest request, String replyTo, Instant now) {
        return event(EVENTS.event("agent.reply-to-ignored", request.id(),
                Map.of("agent", request.agent().key(), "reply_to", replyTo)), request.causationId(), now);
    }

    /** {@code agent.draft-approved} / {@code agent.draft-rejected}; {@code from}: the draft's sender. */
    static OutboxMessage draftDecided(String draftId, String agentKey, boolean approved, String by, String from,
            Instant now) {
        return event(EVENTS.event(approved ? "agent.draft-approved" : "agent.draft-rejected", draftId,
                Map.of("agent", agentKey, "by", by == null ? "" : by, "from", from)), draftId, now);
    }

    private static OutboxMessage event(MailroomEvent event, String causationId, Instant now) {
        OutboxMessage m = new OutboxMessage();
        m.id = event.id();
        m.recordKey = event.messageId();
        m.topic = Topics.EVENTS;
        m.payload = new String(Json.encode(event), StandardCharsets.UTF_8);
        m.causationId = causationId;
        m.createdAt = now;
        return m;
    }
}
