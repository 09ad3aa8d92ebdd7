package dev.mailroom.sdk;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A message to send ({@code emails().send}, {@code emails().sendBatch}, {@code agents().send}). Addresses as
 * {@code ann@example.org} or {@code Ann <ann@example.org>}. Without {@link Builder#idempotencyKey}, the SDK
 * generates one (a UUID) so a retried send is never sent twice.
 */
public final class SendParams {

    final String from;
    final List<String> to;
    final List<String> cc;
    final List<String> bcc;
    final List<String> replyTo;
    final String subject;
    final String text;
    final String html;
    final List<Attachment> attachments;
    final Map<String, String> headers;
    final String inReplyTo;
    final List<String> references;
    final List<String> tags;
    final String idempotencyKey;

    private SendParams(Builder b) {
        from = b.from;
        to = List.copyOf(b.to);
        cc = List.copyOf(b.cc);
        bcc = List.copyOf(b.bcc);
        replyTo = List.copyOf(b.replyTo);
        subject = b.subject;
        text = b.text;
        html = b.html;
        attachments = List.copyOf(b.attachments);
        headers = Map.copyOf(b.headers);
        inReplyTo = b.inReplyTo;
        references = List.copyOf(b.references);
        tags = List.copyOf(b.tags);
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
        return new Body().put("from", from).put("to", to).put("cc", cc).put("bcc", bcc).put("reply_to", replyTo)
                .put("subject", subject).put("text", text).put("html", html)
                .put("attachments", attachments.stream().map(Attachment::toJson).toList())
                .put("headers", headers.isEmpty() ? null : headers).put("in_reply_to", inReplyTo)
                .put("references", references).put("tags", tags).map;
    }

    /** The {@code InstanceSend} body (an agent instance's send: no reply_to, headers or tags). */
    Map<String, Object> toInstanceJson() {
        Map<String, Object> m = toJson();
        m.remove("reply_to");
        m.remove("headers");
        m.remove("tags");
        return m;
    }

    public static final class Builder {
        private String from;
        private final List<String> to = new ArrayList<>();
        private final List<String> cc = new ArrayList<>();
        private final List<String> bcc = new ArrayList<>();
        private final List<String> replyTo = new ArrayList<>();
        private String subject;
        private String text;
        private String html;
        private final List<Attachment> attachments = new ArrayList<>();
        private final Map<String, String> headers = new LinkedHashMap<>();
        private String inReplyTo;
        private final List<String> references = new ArrayList<>();
        private final List<String> tags = new ArrayList<>();
        private String idempotencyKey;

        public Builder from(String from) {
            this.from = from;
            return this;
        }

        public Builder to(String... to) {
            this.to.addAll(List.of(to));
            return this;
        }

        public Builder to(List<String> to) {
            this.to.addAll(to);
            return this;
        }

        public Builder cc(String... cc) {
            this.cc.addAll(List.of(cc));
            return this;
        }

        public Builder bcc(String... bcc) {
            this.bcc.addAll(List.of(bcc));
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

        public Builder text(String text) {
            this.text = text;
            return this;
        }

        public Builder html(String html) {
            this.html = html;
            return this;
        }

        public Builder attachment(Attachment a) {
            this.attachments.add(a);
            return this;
        }

        public Builder attachment(String filename, String contentType, byte[] content) {
            return attachment(Attachment.of(filename, contentType, content));
        }

        public Builder attachment(Path file) {
            return attachment(Attachment.fromPath(file));
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

        public Builder idempotencyKey(String key) {
            this.idempotencyKey = key;
            return this;
        }

        public SendParams build() {
            return new SendParams(this);
        }
    }
}
