package dev.mailroom.sdk;

import java.util.List;

/** A batch accepted: send ids and Message-IDs, in request order. */
public record BatchAccepted(List<String> ids, List<String> messageIds, JsonObject json) {

    static BatchAccepted from(JsonObject j) {
        return new BatchAccepted(j.strings("ids"), j.strings("message_ids"), j);
    }
}
