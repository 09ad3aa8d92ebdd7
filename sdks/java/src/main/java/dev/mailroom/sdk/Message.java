package dev.mailroom.sdk;

import java.time.Instant;
import java.util.List;

/**
 * A message received or sent ({@code getMessage}): the main fields; everything else (authentication, route,
 * attachments, recipients, delivery, ...) in {@link #json()}. {@link #status()} is the delivery status of a sent
 * message: {@code queued}, {@code sent}, {@code delivered}, {@code deferred}, {@code partially-delivered},
 * {@code bounced}, {@code suppressed} or {@code failed}.
 */
public record Message(String id, String direction, Address from, List<Address> to, List<Address> cc, String subject,
        String text, String html, String status, String threadId, String messageId, String mailboxId, String mailbox,
        String folder, Boolean unread, Boolean starred, List<String> labels, Instant at,
        List<DeliveryAttempt> attempts, JsonObject json) {

    static Message from(JsonObject j) {
        return new Message(j.string("id"), j.string("direction"), Address.from(j.object("from")),
                Address.list(j, "to"), Address.list(j, "cc"), j.string("subject"), j.string("text"), j.string("html"),
                j.string("status"), j.string("thread_id"), j.string("message_id"), j.string("mailbox_id"),
                j.string("mailbox"), j.string("folder"), j.bool("unread"), j.bool("starred"), j.strings("labels"),
                j.instant("at"), j.objects("attempts").stream().map(DeliveryAttempt::from).toList(), j);
    }
}
