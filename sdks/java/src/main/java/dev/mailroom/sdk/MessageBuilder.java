package dev.mailroom.sdk;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@link SendParams.Builder} and {@link ReplyParams.Builder} share: recipients, bodies, files, the idempotency
 * key. Addresses as {@code ann@example.org} or {@code Ann <ann@example.org>}.
 *
 * @param <B> the concrete builder, returned by every setter
 */
public abstract class MessageBuilder<B extends MessageBuilder<B>> {

    final List<String> to = new ArrayList<>();
    final List<String> cc = new ArrayList<>();
    final List<String> bcc = new ArrayList<>();
    String text;
    String html;
    final List<Attachment> attachments = new ArrayList<>();
    String idempotencyKey;

    MessageBuilder() {
    }

    @SuppressWarnings("unchecked")
    private B self() {
        return (B) this;
    }

    public B to(String... to) {
        this.to.addAll(List.of(to));
        return self();
    }

    public B to(List<String> to) {
        this.to.addAll(to);
        return self();
    }

    public B cc(String... cc) {
        this.cc.addAll(List.of(cc));
        return self();
    }

    public B bcc(String... bcc) {
        this.bcc.addAll(List.of(bcc));
        return self();
    }

    public B text(String text) {
        this.text = text;
        return self();
    }

    public B html(String html) {
        this.html = html;
        return self();
    }

    public B attachment(Attachment a) {
        this.attachments.add(a);
        return self();
    }

    /** A file from bytes. */
    public B attachment(String filename, String contentType, byte[] content) {
        return attachment(Attachment.of(filename, contentType, content));
    }

    /** A file from disk (its name; its type as the platform guesses it). */
    public B attachment(Path file) {
        return attachment(Attachment.fromPath(file));
    }

    /** The {@code Idempotency-Key}; without one the SDK generates a UUID per call. */
    public B idempotencyKey(String key) {
        this.idempotencyKey = key;
        return self();
    }

    /** The fields every message body shares, as the wire names them. */
    Body body() {
        return new Body().put("to", List.copyOf(to)).put("cc", List.copyOf(cc)).put("bcc", List.copyOf(bcc))
                .put("text", text).put("html", html)
                .put("attachments", attachments.stream().map(Attachment::toJson).toList());
    }
}
