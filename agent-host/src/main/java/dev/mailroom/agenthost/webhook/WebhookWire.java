package dev.mailroom.agenthost.webhook;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;

import dev.mailroom.agent.Conversation;
import dev.mailroom.contract.AgentRef;
import dev.mailroom.contract.Json;
import dev.mailroom.contract.RoutedEmail;

/** The JSON a webhook agent receives and answers (version 1). */
public final class WebhookWire {

    public static final int VERSION = 1;

    /**
     * The webhook JSON codec: the contract's ({@code Json.mapper()}: RFC 3339 UTC times, nulls left out) with every
     * name snake_case, the routed message and history included ({@code received_at}, {@code thread_id}), as the
     * public API (ADR 0030). State and payloads are the agent's own JSON and pass unchanged. The Kafka records
     * keep their names: this mapper is a copy.
     */
    private static final ObjectMapper MAPPER = Json.mapper().copy()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);

    private WebhookWire() {
    }

    /** The mapper of webhook requests and answers; the bytes it writes are the bytes signed and sent. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /**
     * What the host POSTs.
     *
     * @param event    {@code email} or {@code schedule}
     * @param id       the routed id or schedule id: the same on every retry (an idempotency key for the receiver)
     * @param email    the routed message (event {@code email})
     * @param payload  the schedule's payload (event {@code schedule})
     * @param threadId the host's thread id of the message (or of the schedule)
     * @param state    the instance's state
     * @param history  the instance's recent threads, messages oldest first
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Request(int v, String event, String id, AgentRef agent, RoutedEmail email, JsonNode payload,
            @JsonProperty("thread_id") String threadId, JsonNode state, List<Conversation> history) {
    }

    /**
     * What the webhook answers; every field optional.
     *
     * @param state     the instance's new state (replaces the old one); absent keeps it
     * @param replies   replies to the message (event {@code email} only)
     * @param sends     new messages
     * @param drafts    messages for approval: a reply when {@code reply} is true, else a new message
     * @param schedules wake-ups: {@code delay_seconds} or {@code at}, and a payload
     */
    public record Response(JsonNode state, List<Message> replies, List<Message> sends, List<Message> drafts,
            List<Schedule> schedules) {

        public Response {
            replies = replies == null ? List.of() : replies;
            sends = sends == null ? List.of() : sends;
            drafts = drafts == null ? List.of() : drafts;
            schedules = schedules == null ? List.of() : schedules;
        }
    }

    /** A message in an answer; {@code to} is required unless it is a reply. */
    public record Message(Boolean reply, List<String> to, List<String> cc, String subject, String text, String html) {
    }

    /** A wake-up in an answer. */
    public record Schedule(@JsonProperty("delay_seconds") Long delaySeconds, Instant at, JsonNode payload) {
    }
}
