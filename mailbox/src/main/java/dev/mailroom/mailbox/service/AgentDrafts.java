package dev.mailroom.mailbox.service;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

import dev.mailroom.contract.Json;
import io.smallrye.mutiny.Uni;

/**
 * The pending drafts of an agent mailbox's thread, shown inline in it (issue 17): agent-host holds them, so they are
 * read from its {@code GET /v1/drafts?class=&instance=&thread=} with the caller's own key. {@code thread} is the
 * mailbox thread's root Message-ID (agent-host matches the instance's thread that recorded it) or agent-host's own
 * thread id.
 */
@ApplicationScoped
public class AgentDrafts {

    /** A draft as a thread shows it: what it would send, why it waits. */
    public record DraftSummary(String id, String status, String reason, String subject, String text, String html,
            List<String> to, @JsonProperty("in_reply_to") String inReplyTo,
            @JsonProperty("message_id") String messageId, @JsonProperty("created_at") Instant createdAt) {
    }

    /** agent-host answered, but not with drafts (its status and problem detail). */
    public static final class Refused extends RuntimeException {
        private final int status;

        Refused(int status, String detail) {
            super("agent-host answered " + status + ": " + detail);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    /** At most this many drafts of one thread (agent-host's largest page). */
    static final int LIMIT = 200;

    private final AgentHost agentHost;

    public AgentDrafts(AgentHost agentHost) {
        this.agentHost = agentHost;
    }

    /**
     * The pending drafts of instance {@code className}/{@code instance} in thread {@code threadRootOrId}, oldest
     * first; fails with {@link AgentHost.Unavailable} when agent-host does not answer, {@link Refused} when it
     * refuses (the caller decides whether a thread shows without its drafts).
     */
    public Uni<List<DraftSummary>> forThread(String callerToken, String className, String instance,
            String threadRootOrId) {
        String query = "/v1/drafts?status=pending&limit=" + LIMIT + "&class=" + AgentHost.segment(className)
                + "&instance=" + AgentHost.segment(instance) + "&thread=" + AgentHost.segment(threadRootOrId);
        return agentHost.get(callerToken, query).map(answer -> {
            JsonNode json;
            try {
                json = Json.mapper().readTree(answer.body());
            } catch (IOException e) {
                throw new AgentHost.Unavailable("agent-host's drafts are not JSON");
            }
            if (answer.status() != 200) {
                throw new Refused(answer.status(), json.path("detail").asText(""));
            }
            List<DraftSummary> out = new ArrayList<>();
            json.path("items").forEach(d -> out.add(summary(d)));
            return out;
        });
    }

    static DraftSummary summary(JsonNode d) {
        JsonNode r = d.path("request");
        List<String> to = new ArrayList<>();
        r.path("to").forEach(a -> to.add(a.path("address").asText()));
        String created = text(d, "created_at");
        return new DraftSummary(text(d, "id"), text(d, "status"), text(d, "reason"), text(r, "subject"),
                text(r, "text"), text(r, "html"), to, text(r, "in_reply_to"), text(r, "message_id"),
                created == null ? null : Instant.parse(created));
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.path(field);
        return v.isMissingNode() || v.isNull() ? null : v.asText();
    }
}
