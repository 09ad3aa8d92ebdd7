package dev.mailroom.sdk;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Single messages: read, flags/labels, delete, raw source, sanitised body, attachments. */
public final class Messages extends Resource {

    Messages(Transport t) {
        super(t);
    }

    /** A message; an id this client just sent is waited for (its 404 retried up to 5 s), as by raw and body. */
    public Message get(String id) {
        return readYourSend(id, () -> Message.from(json(call("GET", "/v1/messages/{id}", id))));
    }

    public Message update(String id, MessageChange patch) {
        return Message.from(json(call("PATCH", "/v1/messages/{id}", id).body(patch.toJson())));
    }

    /** One change to up to 100 messages, all or none. */
    public JsonObject updateMany(List<String> ids, MessageChange patch) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("ids", ids);
        body.put("patch", patch.toJson());
        return json(call("POST", "/v1/messages/batch").body(body));
    }

    public void delete(String id) {
        none(call("DELETE", "/v1/messages/{id}", id));
    }

    /** The message as received or sent (RFC 5322 bytes). */
    public byte[] raw(String id) {
        return readYourSend(id, () -> t.send(call("GET", "/v1/messages/{id}/raw", id).accept("message/rfc822, */*"))
                .body());
    }

    /** The HTML body, sanitised; remote images blocked unless {@code images}. */
    public String body(String id, boolean images) {
        return readYourSend(id, () -> t.send(call("GET", "/v1/messages/{id}/body", id)
                .query("images", images ? "true" : null).accept("text/html, */*")).text());
    }

    public String body(String id) {
        return body(id, false);
    }

    /** An attachment's bytes. */
    public byte[] attachment(String id, String attachmentId) {
        return attachment(id, attachmentId, null, null);
    }

    /**
     * An attachment: {@code format} {@code text} gives its extracted text (as UTF-8 bytes), absent the file itself;
     * {@code disposition} {@code inline} or {@code attachment}.
     */
    public byte[] attachment(String id, String attachmentId, String format, String disposition) {
        return t.send(call("GET", "/v1/messages/{id}/attachments/{attachment_id}", id, attachmentId)
                .query("format", format).query("disposition", disposition).accept("*/*")).body();
    }

    /** An attachment's extracted text ({@code format=text}). */
    public String attachmentText(String id, String attachmentId) {
        return new String(attachment(id, attachmentId, "text", null), StandardCharsets.UTF_8);
    }
}
