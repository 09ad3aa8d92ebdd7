package dev.mailroom.sdk;

import java.util.List;

/**
 * What a webhook agent receives: {@code event} {@code email} (with {@link #email()}, the routed message: its
 * {@code message} has {@code subject}, {@code from}, {@code text}, ...) or {@code schedule} (with
 * {@link #payload()}); {@link #id()} is the same on every retry (an idempotency key); {@link #state()} is the
 * instance's state; {@link #history()} its recent threads, messages oldest first.
 */
public record AgentEvent(int v, String event, String id, String className, String instance, JsonObject email,
        Object payload, String threadId, JsonObject state, List<JsonObject> history, JsonObject json) {

    static AgentEvent from(JsonObject j) {
        JsonObject agent = j.object("agent");
        Integer v = j.intValue("v");
        return new AgentEvent(v == null ? 0 : v, j.string("event"), j.string("id"), agent.string("class_name"),
                agent.string("instance"), j.has("email") ? j.object("email") : null, j.get("payload"),
                j.string("thread_id"), j.object("state"), j.objects("history"), j);
    }

    public boolean isEmail() {
        return "email".equals(event);
    }

    public boolean isSchedule() {
        return "schedule".equals(event);
    }

    /** The email's parsed message ({@code subject}, {@code from}, {@code text}, {@code message_id}, ...). */
    public JsonObject message() {
        return email == null ? JsonObject.empty() : email.object("message");
    }

    public String subject() {
        return message().string("subject");
    }

    public String text() {
        return message().string("text");
    }

    /** The sender's address. */
    public String from() {
        return message().object("from").string("address");
    }
}
