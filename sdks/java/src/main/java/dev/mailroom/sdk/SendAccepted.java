package dev.mailroom.sdk;

/** A send accepted: its id (for {@code emails().get(id)}) and the Message-ID it goes out with. */
public record SendAccepted(String id, String messageId, JsonObject json) {

    static SendAccepted from(JsonObject j) {
        return new SendAccepted(j.string("id"), j.string("message_id"), j);
    }
}
