package dev.mailroom.sdk;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A reply, reply-all or forward: the new text, recipients (a forward's {@code to} is required; for a reply they
 * are added) and files. An idempotency key is generated when absent.
 */
public final class ReplyParams {

    private final Body body;
    final String idempotencyKey;

    private ReplyParams(Builder b) {
        body = new Body().put("text", b.text).put("html", b.html).put("to", b.to).put("cc", b.cc).put("bcc", b.bcc)
                .put("attachments", b.attachments.stream().map(Attachment::toJson).toList())
                .put("include_attachments", b.includeAttachments);
        idempotencyKey = b.idempotencyKey;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A reply with this text and nothing else. */
    public static ReplyParams text(String text) {
        return builder().text(text).build();
    }

    Map<String, Object> toJson() {
        return body.map;
    }

    public static final class Builder {
        private String text;
        private String html;
        private final List<String> to = new ArrayList<>();
        private final List<String> cc = new ArrayList<>();
        private final List<String> bcc = new ArrayList<>();
        private final List<Attachment> attachments = new ArrayList<>();
        private Boolean includeAttachments;
        private String idempotencyKey;

        public Builder text(String text) {
            this.text = text;
            return this;
        }

        public Builder html(String html) {
            this.html = html;
            return this;
        }

        public Builder to(String... to) {
            this.to.addAll(List.of(to));
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

        public Builder attachment(Attachment a) {
            this.attachments.add(a);
            return this;
        }

        public Builder attachment(Path file) {
            return attachment(Attachment.fromPath(file));
        }

        /** Forward only: attach the message's attachments (the server's default is true). */
        public Builder includeAttachments(boolean include) {
            this.includeAttachments = include;
            return this;
        }

        public Builder idempotencyKey(String key) {
            this.idempotencyKey = key;
            return this;
        }

        public ReplyParams build() {
            return new ReplyParams(this);
        }
    }
}
