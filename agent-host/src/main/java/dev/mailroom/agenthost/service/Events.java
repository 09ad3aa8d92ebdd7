package dev.mailroom.agenthost.service;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
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
     * customer's {@code draft.created} event to its domain (ADR 0038); {@code inReplyTo} and {@code references}
     * (space-separated Message-IDs, when the draft answers a message) let the mailbox count it in its thread
     * (ADR 0040).
     */
    static OutboxMessage sendHeld(OutboundRequest request, String reason, Instant now) {
        Map<String, String> detail = new HashMap<>(Map.of("agent", request.agent().key(), "reason", reason,
                "from", request.from().address()));
        if (request.inReplyTo() != null) {
            detail.put("inReplyTo", request.inReplyTo());
        }
        if (request.references() != null && !request.references().isEmpty()) {
            detail.put("references", String.join(" ", request.references()));
        }
        return event(EVENTS.event("agent.send-held", request.id(), detail), request.causationId(), now);
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

    /** {@code agent.draft-rejected} with the person's {@code reason} when they gave one (ADR 0040). */
    static OutboxMessage draftRejected(String draftId, String agentKey, String by, String from, String reason,
            Instant now) {
        Map<String, String> detail = new HashMap<>(Map.of("agent", agentKey, "by", by == null ? "" : by,
                "from", from));
        if (reason != null && !reason.isBlank()) {
            detail.put("reason", reason);
        }
        return event(EVENTS.event("agent.draft-rejected", draftId, detail), draftId, now);
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
