package dev.mailroom.sdk;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A webhook agent's answer, every part optional: the instance's new {@code state} (absent keeps it), replies to
 * the message, new messages, drafts for approval, wake-ups.
 * <pre>{@code AgentAnswer.create().reply("Echo: " + event.text()).state(Map.of("count", n + 1))}</pre>
 */
public final class AgentAnswer {

    private Object state;
    private final List<Map<String, Object>> replies = new ArrayList<>();
    private final List<Map<String, Object>> sends = new ArrayList<>();
    private final List<Map<String, Object>> drafts = new ArrayList<>();
    private final List<Map<String, Object>> schedules = new ArrayList<>();

    public static AgentAnswer create() {
        return new AgentAnswer();
    }

    /** The instance's new state (replaces the old one). */
    public AgentAnswer state(Map<String, ?> state) {
        this.state = state;
        return this;
    }

    /** A reply to the message (event {@code email} only). */
    public AgentAnswer reply(String text) {
        return reply(null, text, null);
    }

    public AgentAnswer reply(String subject, String text, String html) {
        replies.add(new Body().put("subject", subject).put("text", text).put("html", html).map);
        return this;
    }

    /** A new message. */
    public AgentAnswer send(List<String> to, String subject, String text) {
        sends.add(new Body().put("to", to).put("subject", subject).put("text", text).map);
        return this;
    }

    /** A reply held for a person's approval. */
    public AgentAnswer draftReply(String text) {
        drafts.add(new Body().put("reply", true).put("text", text).map);
        return this;
    }

    /** A new message held for a person's approval. */
    public AgentAnswer draft(List<String> to, String subject, String text) {
        drafts.add(new Body().put("to", to).put("subject", subject).put("text", text).map);
        return this;
    }

    /** A wake-up after {@code delaySeconds}, with a payload handed back in the {@code schedule} event. */
    public AgentAnswer schedule(long delaySeconds, Object payload) {
        schedules.add(new Body().put("delay_seconds", delaySeconds).put("payload", payload).map);
        return this;
    }

    public AgentAnswer scheduleAt(Instant at, Object payload) {
        schedules.add(new Body().put("at", at).put("payload", payload).map);
        return this;
    }

    /** The answer JSON ({@code {}} when nothing was set). */
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        if (state != null) {
            m.put("state", state);
        }
        putIf(m, "replies", replies);
        putIf(m, "sends", sends);
        putIf(m, "drafts", drafts);
        putIf(m, "schedules", schedules);
        return m;
    }

    private static void putIf(Map<String, Object> m, String key, List<?> list) {
        if (!list.isEmpty()) {
            m.put(key, list);
        }
    }

    @Override
    public String toString() {
        return Json.write(toJson());
    }
}
