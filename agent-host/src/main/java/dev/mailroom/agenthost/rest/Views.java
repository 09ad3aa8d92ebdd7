package dev.mailroom.agenthost.rest;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import dev.mailroom.agent.Conversation;
import dev.mailroom.agent.HistoryMessage;
import dev.mailroom.agenthost.model.AgentInstance;
import dev.mailroom.agenthost.model.AgentSchedule;
import dev.mailroom.agenthost.model.Draft;
import dev.mailroom.agenthost.service.DraftService;
import dev.mailroom.contract.EmailAddress;
import dev.mailroom.contract.Json;
import dev.mailroom.contract.OutboundRequest;
import dev.mailroom.platform.problem.ApiException;

/**
 * JSON shapes of the agents API, the public style of ADR 0030: snake_case names (each record says so with
 * {@code @JsonNaming}, the service's mapper is not changed: Kafka records keep theirs), timestamps RFC 3339 UTC,
 * ids opaque strings. The api's document declares the same shapes ({@code dev.mailroom.api.forwarded}).
 */
final class Views {

    private Views() {
    }

    /** {@code kind} and {@code addresses}: from the agent registry (null for a class only the database knows). */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record AgentClassView(@JsonProperty("class") String className, boolean registered, long instances,
            String sendPolicy, String kind, List<String> addresses) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record InstanceView(@JsonProperty("class") String className, String instance, String key, String address,
            JsonNode state, Instant createdAt, Instant updatedAt) {

        static InstanceView of(AgentInstance i, boolean withState) {
            return new InstanceView(i.className, i.instance, i.id, i.address, withState ? json(i.state) : null,
                    i.createdAt, i.updatedAt);
        }
    }

    /** A thread of an instance, messages oldest first. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record ThreadView(String id, String subject, List<MessageView> messages) {

        static ThreadView of(Conversation c) {
            return new ThreadView(c.id(), c.subject(), c.messages().stream().map(MessageView::of).toList());
        }
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record DraftView(String id, String agent, String threadId, String reason, String status, DraftMessage request,
            Instant createdAt, Instant decidedAt, String decidedBy, String decisionReason) {

        static DraftView of(Draft d) {
            return new DraftView(d.id, d.agentKey, d.threadId, d.reason, lower(d.status),
                    DraftMessage.of(DraftService.request(d)), d.createdAt, d.decidedAt, d.decidedBy,
                    d.decisionReason);
        }
    }

    /** The message a draft holds, as it would be sent (attachments named, their content left out). */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    record DraftMessage(EmailAddress from, List<EmailAddress> to, List<EmailAddress> cc, List<EmailAddress> bcc,
            List<EmailAddress> replyTo, String subject, String text, String html, String inReplyTo,
            List<String> references, List<AttachmentView> attachments, String messageId) {

        static DraftMessage of(OutboundRequest r) {
            return new DraftMessage(r.from(), r.to(), r.cc(), r.bcc(), r.replyTo(), r.subject(), r.text(), r.html(),
                    r.inReplyTo(), r.references(), r.attachments() == null ? null
                            : r.attachments().stream().map(a -> new AttachmentView(a.filename(), a.contentType(),
                                    a.contentId())).toList(),
                    r.messageId());
        }
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record AttachmentView(String filename, String contentType, String contentId) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record ScheduleView(String id, String agent, String threadId, Instant dueAt, String status, int attempts,
            String lastError, JsonNode payload, Instant createdAt, Instant firedAt) {

        static ScheduleView of(AgentSchedule s) {
            return new ScheduleView(s.id, s.agentKey, s.threadId, s.dueAt, lower(s.status), s.attempts, s.lastError,
                    json(s.payload), s.createdAt, s.firedAt);
        }
    }

    /** A history message as the threads and wait APIs show it. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record MessageView(String id, String threadId, String direction, String messageId, EmailAddress from,
            List<EmailAddress> to, List<EmailAddress> replyTo, String subject, String text, String html,
            String inReplyTo, List<String> references, Instant at) {

        static MessageView of(HistoryMessage m) {
            return new MessageView(m.id(), m.threadId(), lower(m.direction()), m.messageId(), m.from(), m.to(),
                    m.replyTo(), m.subject(), m.text(), m.html(), m.inReplyTo(), m.references(), m.at());
        }
    }

    /** One message of the wait API: its history sequence number (the cursor to resume after), agent and message. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record WaitedView(long seq, String agent, MessageView message) {

        static WaitedView of(dev.mailroom.agenthost.service.Waiter.Waited w) {
            return new WaitedView(w.seq(), w.agent(), MessageView.of(w.message()));
        }
    }

    /** A page of the wait API: the messages, and the cursor to wait after next. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record PageView(List<WaitedView> messages, long cursor) {

        static PageView of(dev.mailroom.agenthost.service.Waiter.Page p) {
            return new PageView(p.messages().stream().map(WaitedView::of).toList(), p.cursor());
        }
    }

    /** Body of {@code POST /v1/drafts/{id}/approve}: every field optional. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record ApproveBody(String subject, String text, String html, List<String> to) {
    }

    /** {@code GET /v1/agents/{class}/instances/{instance}/events}: newest first. */
    record InstanceEventsView(List<InstanceEventView> items) {
    }

    /** One event of an instance (see {@link dev.mailroom.agenthost.repository.InstanceEventSql.Event}). */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record InstanceEventView(String type, Instant at, String id, String threadId, String subject, JsonNode from,
            JsonNode to, String reason, Instant dueAt) {

        static InstanceEventView of(dev.mailroom.agenthost.repository.InstanceEventSql.Event e) {
            return new InstanceEventView(e.type(), e.at(), e.id(), e.threadId(), e.subject(),
                    e.from() == null ? null : json(e.from()), e.to() == null ? null : json(e.to()), e.reason(),
                    e.dueAt());
        }
    }

    /** Body of {@code POST /v1/drafts/{id}/reject}: optional, and so is its reason. */
    record RejectBody(String reason) {

        static final int MAX_REASON = 1000;

        /** The reason of a request body (empty, {@code {}} or {@code {"reason": …}}), null when none; 422 naming it. */
        static String reasonOf(String body) {
            if (body == null || body.isBlank()) {
                return null;
            }
            RejectBody parsed;
            try {
                parsed = STRICT.readValue(body, RejectBody.class);
            } catch (JsonProcessingException e) {
                throw ApiException.invalid(List.of(new dev.mailroom.platform.problem.Problem.FieldError("body",
                        "a JSON object {\"reason\": \"…\"} or nothing")));
            }
            if (parsed == null || parsed.reason() == null || parsed.reason().isBlank()) {
                return null;
            }
            String reason = parsed.reason().strip();
            if (reason.length() > MAX_REASON) {
                throw ApiException.invalid(List.of(new dev.mailroom.platform.problem.Problem.FieldError("reason",
                        "at most " + MAX_REASON + " characters")));
            }
            return reason;
        }
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper STRICT =
            new com.fasterxml.jackson.databind.ObjectMapper().enable(
                    com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** {@code status} query parameter: a value of {@code type}, {@code all} (null), or 422 naming it. */
    static <E extends Enum<E>> E status(String value, Class<E> type) {
        if (value == null || value.equalsIgnoreCase("all")) {
            return null;
        }
        try {
            return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid(List.of(new dev.mailroom.platform.problem.Problem.FieldError("status",
                    "must be all or one of " + java.util.Arrays.stream(type.getEnumConstants()).map(Views::lower)
                            .toList())));
        }
    }

    private static JsonNode json(String text) {
        try {
            return Json.mapper().readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored JSON is invalid", e);
        }
    }
}
