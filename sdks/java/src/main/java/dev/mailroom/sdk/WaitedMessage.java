package dev.mailroom.sdk;

import java.time.Instant;

/**
 * A message of the wait API: its history sequence number {@link #seq()} (pass it as {@code after} to wait for the
 * next one), the instance {@link #agent()} ({@code Class/instance}) and the {@link #message()}. The message's main
 * fields are repeated here: {@link #subject()}, {@link #from()}, {@link #text()}, {@link #threadId()}.
 */
public record WaitedMessage(long seq, String agent, HistoryMessage message) {

    static WaitedMessage from(JsonObject j) {
        Long seq = j.longValue("seq");
        return new WaitedMessage(seq == null ? 0 : seq, j.string("agent"), HistoryMessage.from(j.object("message")));
    }

    public String subject() {
        return message.subject();
    }

    public Address from() {
        return message.from();
    }

    public String text() {
        return message.text();
    }

    public String html() {
        return message.html();
    }

    public String threadId() {
        return message.threadId();
    }

    public String direction() {
        return message.direction();
    }

    public String id() {
        return message.id();
    }

    public Instant at() {
        return message.at();
    }
}
