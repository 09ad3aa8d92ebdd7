package dev.mailroom.sdk;

import java.util.Map;

/**
 * A reply, reply-all or forward: the new text, recipients (a forward's {@code to} is required; for a reply they
 * are added) and files. An idempotency key is generated when absent.
 */
public final class ReplyParams {

    private final Map<String, Object> json;
    final String idempotencyKey;

    private ReplyParams(Builder b) {
        json = b.body().put("include_attachments", b.includeAttachments).map;
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
        return json;
    }

    public static final class Builder extends MessageBuilder<Builder> {
        private Boolean includeAttachments;

        /** Forward only: attach the message's attachments (the server's default is true). */
        public Builder includeAttachments(boolean include) {
            this.includeAttachments = include;
            return this;
        }

        public ReplyParams build() {
            return new ReplyParams(this);
        }
    }
}
