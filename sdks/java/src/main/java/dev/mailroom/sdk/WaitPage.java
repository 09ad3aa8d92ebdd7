package dev.mailroom.sdk;

import java.util.List;

/** One long poll's answer: the messages after the cursor, and the cursor to wait after next. */
public record WaitPage(List<WaitedMessage> messages, long cursor) {

    static WaitPage from(JsonObject j) {
        Long cursor = j.longValue("cursor");
        return new WaitPage(j.objects("messages").stream().map(WaitedMessage::from).toList(),
                cursor == null ? 0 : cursor);
    }
}
