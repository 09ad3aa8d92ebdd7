package dev.mailroom.sdk;

import java.time.Instant;
import java.util.List;

/** One message of an agent instance's history; {@code direction} is {@code in} or {@code out}. */
public record HistoryMessage(String id, String threadId, String direction, String messageId, Address from,
        List<Address> to, String subject, String text, String html, String inReplyTo, List<String> references,
        Instant at, JsonObject json) {

    static HistoryMessage from(JsonObject j) {
        return new HistoryMessage(j.string("id"), j.string("thread_id"), j.string("direction"), j.string("message_id"),
                Address.from(j.object("from")), Address.list(j, "to"), j.string("subject"), j.string("text"),
                j.string("html"), j.string("in_reply_to"), j.strings("references"), j.instant("at"), j);
    }
}
