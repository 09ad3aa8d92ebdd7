package dev.mailroom.sdk;

import java.time.Instant;
import java.util.List;

/** An event webhook; {@link #secret()} ({@code whsec_...}) only in the answer to its creation. */
public record Webhook(String id, String url, List<String> eventTypes, String mailboxId, String domain,
        String description, Boolean enabled, String disabledReason, Instant createdAt, String secret,
        JsonObject json) {

    static Webhook from(JsonObject j) {
        return new Webhook(j.string("id"), j.string("url"), j.strings("event_types"), j.string("mailbox_id"),
                j.string("domain"), j.string("description"), j.bool("enabled"), j.string("disabled_reason"),
                j.instant("created_at"), j.string("secret"), j);
    }
}
