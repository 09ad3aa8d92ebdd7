package dev.mailroom.sdk;

import java.time.Instant;

/**
 * A message an agent holds for a person to approve: {@code status} {@code pending}, {@code approved} or
 * {@code rejected}; {@link #request()} is the held message (from, to, subject, text, ...).
 */
public record Draft(String id, String agent, String threadId, String reason, String status, JsonObject request,
        Instant createdAt, Instant decidedAt, String decidedBy, String decisionReason, JsonObject json) {

    static Draft from(JsonObject j) {
        return new Draft(j.string("id"), j.string("agent"), j.string("thread_id"), j.string("reason"),
                j.string("status"), j.object("request"), j.instant("created_at"), j.instant("decided_at"),
                j.string("decided_by"), j.string("decision_reason"), j);
    }
}
