package dev.mailroom.sdk;

/** A reply, forward or instance send accepted: {@code queued}, or {@code held} as draft {@code draftId}. */
public record ReplyAccepted(String id, String status, String draftId, String messageId, JsonObject json) {

    static ReplyAccepted from(JsonObject j) {
        return new ReplyAccepted(j.string("id"), j.string("status"), j.string("draft_id"), j.string("message_id"), j);
    }
}
