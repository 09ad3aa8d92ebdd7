package dev.mailroom.sdk;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A message to send ({@code emails().send}, {@code emails().sendBatch}, {@code agents().send}). Without
 * {@link Builder#idempotencyKey}, the SDK generates one (a UUID) so a retried send is never sent twice.
 * <pre>{@code SendParams.builder().from(from).to(to).subject(s).text(t).attachment(Path.of("a.pdf")).build()}</pre>
 */
public final class SendParams {

    private final Map<String, Object> json;
    final String idempotencyKey;

    private SendParams(Builder b) {
        Body body = b.body().put("from", b.from).put("reply_to", List.copyOf(b.replyTo)).put("subject", b.subject)
                .put("headers", b.headers.isEmpty() ? null : Map.copyOf(b.headers)).put("in_reply_to", b.inReplyTo)
                .put("references", List.copyOf(b.references)).put("tags", List.copyOf(b.tags));
        json = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(body.map));
        idempotencyKey = b.idempotencyKey;
    }

    public static Builder builder() {
        return new Builder();
    }

    public String idempotencyKey() {
        return idempotencyKey;
    }

    /** The {@code SendJson} body. */
    Map<String, Object> toJson() {
        return new LinkedHashMap<>(json);
    }

    /** The {@code InstanceSend} body (an agent instance's send: no reply_to, headers or tags). */
    Map<String, Object> toInstanceJson() {
        Map<String, Object> m = toJson();
        m.remove("reply_to");
        m.remove("headers");
        m.remove("tags");
        return m;
    }

    public static final class Builder extends MessageBuilder<Builder> {
        private String from;
        private final List<String> replyTo = new ArrayList<>();
        private String subject;
        private final Map<String, String> headers = new LinkedHashMap<>();
        private String inReplyTo;
        private final List<String> references = new ArrayList<>();
        private final List<String> tags = new ArrayList<>();

        public Builder from(String from) {
            this.from = from;
            return this;
        }

        public Builder replyTo(String... replyTo) {
            this.replyTo.addAll(List.of(replyTo));
            return this;
        }

        public Builder subject(String subject) {
            this.subject = subject;
            return this;
        }

        public Builder header(String name, String value) {
            this.headers.put(name, value);
            return this;
        }

        public Builder inReplyTo(String messageId) {
            this.inReplyTo = messageId;
            return this;
        }

        public Builder references(String... messageIds) {
            this.references.addAll(List.of(messageIds));
            return this;
        }

        public Builder tags(String... tags) {
            this.tags.addAll(List.of(tags));
            return this;
        }

        public SendParams build() {
            return new SendParams(this);
        }
    }
}
