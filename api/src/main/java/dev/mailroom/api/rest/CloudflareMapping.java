package dev.mailroom.api.rest;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;

import dev.mailroom.platform.problem.Problem;

/**
 * Reads a Cloudflare send request: the address unions (a string, an {@code {address, name}} object, or an array of
 * either), the body and recipient rules Cloudflare states, the header allowlist ({@link CloudflareHeaders}) and the
 * attachment shape. Every problem names its field as a JSON Pointer of the Cloudflare request ({@code /to/1/address}).
 * What Mailroom's own send checks then refuse is named the same way through {@link Mapped#pointerOf}. Pure logic.
 */
public final class CloudflareMapping {

    private CloudflareMapping() {
    }

    /** One mailbox and where the request wrote it. */
    public record Mailbox(String address, String name, String pointer) {

        /** The API form Mailroom's send reads: {@code addr}, or {@code "Display Name" <addr>}. */
        public String asApiString() {
            if (name == null || name.isBlank()) {
                return address;
            }
            return "\"" + name.replace("\\", "\\\\").replace("\"", "\\\"") + "\" <" + address + ">";
        }
    }

    /** An attachment and its index in the request. */
    public record Attachment(String content, String filename, String contentType, String contentId, int index) {
    }

    /** The request as read; {@code null} fields were absent. */
    public record Parsed(Mailbox from, List<Mailbox> to, List<Mailbox> cc, List<Mailbox> bcc, Mailbox replyTo,
            String subject, String text, String html, CloudflareHeaders.Result headers, List<Attachment> attachments) {

        /** Every envelope recipient, to then cc then bcc, as addresses. */
        public List<String> recipients() {
            List<String> out = new ArrayList<>();
            for (List<Mailbox> l : List.of(to, cc, bcc)) {
                l.forEach(m -> out.add(m.address()));
            }
            return out;
        }
    }

    /**
     * Reads {@code json}; adds a problem (field = JSON Pointer) to {@code errors} for each thing Cloudflare would
     * refuse. Returns what could be read even when there are problems.
     */
    public static Parsed parse(CloudflareSendJson json, List<Problem.FieldError> errors) {
        if (json == null) {
            errors.add(new Problem.FieldError("", "a JSON object is required"));
            return new Parsed(null, List.of(), List.of(), List.of(), null, null, null, null,
                    CloudflareHeaders.check(null), List.of());
        }
        Mailbox from = present(json.from()) ? mailbox(json.from(), "/from", errors) : null;
        if (!present(json.from())) {
            errors.add(new Problem.FieldError("/from", "is required"));
        }
        List<Mailbox> to = mailboxes(json.to(), "/to", errors);
        List<Mailbox> cc = mailboxes(json.cc(), "/cc", errors);
        List<Mailbox> bcc = mailboxes(json.bcc(), "/bcc", errors);
        Mailbox replyTo = present(json.replyTo()) ? mailbox(json.replyTo(), "/reply_to", errors) : null;
        if (!present(json.to()) && !present(json.cc()) && !present(json.bcc())) {
            errors.add(new Problem.FieldError("/to", "at least one recipient (to, cc or bcc) is required"));
        }
        if (json.subject() == null) {
            errors.add(new Problem.FieldError("/subject", "is required"));
        }
        if (empty(json.text()) && empty(json.html())) {
            errors.add(new Problem.FieldError("/text", "provide at least one of text or html (non-empty)"));
        }
        CloudflareHeaders.Result headers = CloudflareHeaders.check(json.headers());
        for (CloudflareHeaders.Refusal r : headers.refusals()) {
            String pointer = r.header().isEmpty() ? "/headers" : "/headers/" + escape(r.header());
            errors.add(new Problem.FieldError(pointer, r.code() + ": " + r.reason()));
        }
        List<Attachment> attachments = new ArrayList<>();
        if (json.attachments() != null) {
            for (int i = 0; i < json.attachments().size(); i++) {
                Attachment a = attachment(json.attachments().get(i), i, errors);
                if (a != null) {
                    attachments.add(a);
                }
            }
        }
        return new Parsed(from, to, cc, bcc, replyTo, json.subject(), empty(json.text()) ? null : json.text(),
                empty(json.html()) ? null : json.html(), headers, attachments);
    }

    private static Attachment attachment(CloudflareSendJson.Attachment a, int i, List<Problem.FieldError> errors) {
        String at = "/attachments/" + i;
        if (a == null) {
            errors.add(new Problem.FieldError(at, "must be an attachment object"));
            return null;
        }
        int before = errors.size();
        if (empty(a.content())) {
            errors.add(new Problem.FieldError(at + "/content", "is required (base64)"));
        }
        if (empty(a.filename())) {
            errors.add(new Problem.FieldError(at + "/filename", "is required"));
        }
        if (empty(a.type())) {
            errors.add(new Problem.FieldError(at + "/type", "is required (a MIME type)"));
        }
        String disposition = a.disposition() == null ? "" : a.disposition().toLowerCase(Locale.ROOT);
        if (!disposition.equals("attachment") && !disposition.equals("inline")) {
            errors.add(new Problem.FieldError(at + "/disposition", "must be 'attachment' or 'inline'"));
        } else if (disposition.equals("inline") && empty(a.contentId())) {
            errors.add(new Problem.FieldError(at + "/content_id", "is required for an inline attachment"));
        } else if (disposition.equals("attachment") && !empty(a.contentId())) {
            errors.add(new Problem.FieldError(at + "/content_id", "is only for inline attachments"));
        }
        return errors.size() > before ? null
                : new Attachment(a.content(), a.filename(), a.type(),
                        disposition.equals("inline") ? a.contentId() : null, i);
    }

    private static List<Mailbox> mailboxes(JsonNode node, String pointer, List<Problem.FieldError> errors) {
        List<Mailbox> out = new ArrayList<>();
        if (!present(node)) {
            return out;
        }
        if (!node.isArray()) {
            Mailbox m = mailbox(node, pointer, errors);
            if (m != null) {
                out.add(m);
            }
            return out;
        }
        for (int i = 0; i < node.size(); i++) {
            Mailbox m = mailbox(node.get(i), pointer + "/" + i, errors);
            if (m != null) {
                out.add(m);
            }
        }
        return out;
    }

    /** A string, or an object with a string {@code address} and an optional string (or null) {@code name}. */
    private static Mailbox mailbox(JsonNode node, String pointer, List<Problem.FieldError> errors) {
        if (node.isTextual()) {
            if (node.asText().isBlank()) {
                errors.add(new Problem.FieldError(pointer, "is empty"));
                return null;
            }
            return new Mailbox(node.asText().strip(), null, pointer);
        }
        if (!node.isObject()) {
            errors.add(new Problem.FieldError(pointer, "must be an email address string or an {address, name}"
                    + " object"));
            return null;
        }
        int before = errors.size();
        for (Iterator<String> names = node.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (!name.equals("address") && !name.equals("name")) {
                errors.add(new Problem.FieldError(pointer + "/" + escape(name), "is not a known field"));
            }
        }
        JsonNode address = node.get("address");
        JsonNode name = node.get("name");
        if (address == null || !address.isTextual() || address.asText().isBlank()) {
            errors.add(new Problem.FieldError(pointer + "/address", "is required (an email address string)"));
        }
        if (name != null && !name.isNull() && !name.isTextual()) {
            errors.add(new Problem.FieldError(pointer + "/name", "must be a string or null"));
        }
        if (errors.size() > before) {
            return null;
        }
        return new Mailbox(address.asText().strip(), name == null || name.isNull() ? null : name.asText(), pointer);
    }

    private static boolean present(JsonNode node) {
        return node != null && !node.isNull() && !node.isMissingNode();
    }

    private static boolean empty(String s) {
        return s == null || s.isEmpty();
    }

    /** A JSON Pointer reference token (RFC 6901). */
    static String escape(String token) {
        return token.replace("~", "~0").replace("/", "~1");
    }
}
