package dev.mailroom.sdk;

/** An address Mailroom serves, with its counts. */
public record Mailbox(String id, String address, String domain, String agentClass, String agentInstance,
        Long messages, Long unread, Long threadsNeedingReply, JsonObject json) {

    static Mailbox from(JsonObject j) {
        return new Mailbox(j.string("id"), j.string("address"), j.string("domain"), j.string("agent_class"),
                j.string("agent_instance"), j.longValue("messages"), j.longValue("unread"),
                j.longValue("threads_needing_reply"), j);
    }
}
