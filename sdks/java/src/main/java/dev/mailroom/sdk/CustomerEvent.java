package dev.mailroom.sdk;

import java.time.Instant;

/**
 * A customer event ({@code message.delivered}, {@code draft.created}, ...): what an event webhook POSTs and what
 * the event stream sends. {@link #id()} is the stream's event id (pass it as {@code lastEventId} to resume) or,
 * for a webhook, the {@code webhook-id} header; it may be {@code null}.
 */
public record CustomerEvent(String id, String type, Instant timestamp, JsonObject data, JsonObject json) {

    static CustomerEvent from(String id, JsonObject j) {
        return new CustomerEvent(id, j.string("type"), j.instant("timestamp"), j.object("data"), j);
    }
}
