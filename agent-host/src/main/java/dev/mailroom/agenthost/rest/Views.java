package dev.mailroom.agenthost.rest;

import java.time.Instant;
import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import dev.mailroom.agenthost.model.AgentInstance;
import dev.mailroom.agenthost.model.AgentSchedule;
import dev.mailroom.agenthost.model.Draft;
import dev.mailroom.agenthost.service.DraftService;
import dev.mailroom.contract.Json;
import dev.mailroom.contract.OutboundRequest;
import dev.mailroom.platform.problem.ApiException;

/** JSON shapes of the agents API (snake_case, like egress-sender's API). */
final class Views {

    private Views() {
    }

    /** {@code kind} and {@code addresses}: from the agent registry (null for a class only the database knows). */
    record AgentClassView(@JsonProperty("class") String className, boolean registered, long instances,
            @JsonProperty("send_policy") String sendPolicy, String kind, java.util.List<String> addresses) {
    }

    record InstanceView(@JsonProperty("class") String className, String instance, String key, String address,
            JsonNode state, @JsonProperty("created_at") Instant createdAt,
            @JsonProperty("updated_at") Instant updatedAt) {

        static InstanceView of(AgentInstance i, boolean withState) {
            return new InstanceView(i.className, i.instance, i.id, i.address, withState ? json(i.state) : null,
                    i.createdAt, i.updatedAt);
        }
    }

    record DraftView(String id, String agent, @JsonProperty("thread_id") String threadId, String reason,
            String status, OutboundRequest request, @JsonProperty("created_at") Instant createdAt,
            @JsonProperty("decided_at") Instant decidedAt, @JsonProperty("decided_by") String decidedBy) {

        static DraftView of(Draft d) {
            return new DraftView(d.id, d.agentKey, d.threadId, d.reason, lower(d.status), DraftService.request(d),
                    d.createdAt, d.decidedAt, d.decidedBy);
        }
    }

    record ScheduleView(String id, String agent, @JsonProperty("thread_id") String threadId,
            @JsonProperty("due_at") Instant dueAt, String status, int attempts,
            @JsonProperty("last_error") String lastError, JsonNode payload,
            @JsonProperty("created_at") Instant createdAt, @JsonProperty("fired_at") Instant firedAt) {

        static ScheduleView of(AgentSchedule s) {
            return new ScheduleView(s.id, s.agentKey, s.threadId, s.dueAt, lower(s.status), s.attempts, s.lastError,
                    json(s.payload), s.createdAt, s.firedAt);
        }
    }

    /** A history message as the wait API shows it. */
    record MessageView(String id, @JsonProperty("thread_id") String threadId, String direction,
            @JsonProperty("message_id") String messageId, dev.mailroom.contract.EmailAddress from,
            java.util.List<dev.mailroom.contract.EmailAddress> to,
            @JsonProperty("reply_to") java.util.List<dev.mailroom.contract.EmailAddress> replyTo, String subject,
            String text, String html, @JsonProperty("in_reply_to") String inReplyTo,
            java.util.List<String> references, Instant at) {

        static MessageView of(dev.mailroom.agent.HistoryMessage m) {
            return new MessageView(m.id(), m.threadId(), lower(m.direction()), m.messageId(), m.from(), m.to(),
                    m.replyTo(), m.subject(), m.text(), m.html(), m.inReplyTo(), m.references(), m.at());
        }
    }

    /** One message of the wait API: its history sequence number (the cursor to resume after), agent and message. */
    record WaitedView(long seq, String agent, MessageView message) {

        static WaitedView of(dev.mailroom.agenthost.service.Waiter.Waited w) {
            return new WaitedView(w.seq(), w.agent(), MessageView.of(w.message()));
        }
    }

    /** A page of the wait API: the messages, and the cursor to wait after next. */
    record PageView(java.util.List<WaitedView> messages, long cursor) {

        static PageView of(dev.mailroom.agenthost.service.Waiter.Page p) {
            return new PageView(p.messages().stream().map(WaitedView::of).toList(), p.cursor());
        }
    }

    /** Body of {@code POST /v1/drafts/{id}/approve}: every field optional. */
    record ApproveBody(String subject, String text, String html, java.util.List<String> to) {
    }

    static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** {@code status} query parameter: a value of {@code type}, {@code all} (null), or 400. */
    static <E extends Enum<E>> E status(String value, Class<E> type) {
        if (value == null || value.equalsIgnoreCase("all")) {
            return null;
        }
        try {
            return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("status must be all or one of "
                    + java.util.Arrays.stream(type.getEnumConstants()).map(Views::lower).toList());
        }
    }

    static int limit(int limit) {
        if (limit < 1 || limit > 1000) {
            throw ApiException.badRequest("limit must be 1..1000");
        }
        return limit;
    }

    private static JsonNode json(String text) {
        try {
            return Json.mapper().readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored JSON is invalid", e);
        }
    }
}
