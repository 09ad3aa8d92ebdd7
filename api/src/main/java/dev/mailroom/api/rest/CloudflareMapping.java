package dev.mailroom.api.rest;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;

import dev.mailroom.contract.EmailAddress;
import dev.mailroom.contract.Ids;
import dev.mailroom.contract.OutboundRequest;
import dev.mailroom.mail.mime.RawMessage;
import dev.mailroom.mail.mime.Violation;
import dev.mailroom.platform.problem.Problem;

/**
 * Reads a Cloudflare send request: the address unions (a string, an {@code {address, name}} object, or an array of
 * either), the body and recipient rules Cloudflare states, the header allowlist ({@link CloudflareHeaders}) and the
 * attachment shape. Every problem names its field as a JSON Pointer of the Cloudflare request ({@code /to/1/address}).
 * Then {@link #toSend} and {@link #toRaw} make it the request {@code POST /v1/send} makes ({@link SendJson} read by
 * {@link SendMapping}: the same address, MIME and header-injection checks), or a raw request checked by the same
 * {@link SendMapping#problems}; what those refuse is named the same way through {@link Mapped#pointerOf}. Pure
 * logic: who may send is {@link dev.mailroom.api.service.Sends}'s to decide, as for {@code /v1/send}.
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

    /**
     * A request Mailroom can accept, the envelope recipients Cloudflare's answer lists, and where each Mailroom field
     * came from in the Cloudflare request.
     */
    public record Mapped(OutboundRequest request, List<String> recipients, Map<String, String> pointers) {

        /**
         * The JSON Pointer of the Cloudflare request for a Mailroom field path: {@code to[0]} → {@code /to/0} or
         * {@code /to} (as the client wrote it), {@code in_reply_to} → {@code /headers/In-Reply-To},
         * {@code attachments[0].content_type} → {@code /attachments/0/type}, {@code raw} → {@code /mime_message}.
         */
        public String pointerOf(String field) {
            String exact = pointers.get(field);
            if (exact != null) {
                return exact;
            }
            int dot = field.indexOf("].");
            if (dot > 0 && pointers.containsKey(field.substring(0, dot + 1))) {
                String part = field.substring(dot + 2);
                String renamed = switch (part) {
                    case "content_type" -> "type";
                    case "content_base64" -> "content";
                    default -> part;
                };
                return pointers.get(field.substring(0, dot + 1)) + "/" + escape(renamed);
            }
            if (field.startsWith("references")) {
                return "/headers/References";
            }
            return CloudflareProblems.pointer(field);
        }
    }

    /**
     * {@code json} as the request of {@code POST /v1/send}; null when Cloudflare's rules or Mailroom's checks refuse
     * it, each problem in {@code errors} named by its JSON Pointer.
     */
    public static Mapped toSend(CloudflareSendJson json, List<Problem.FieldError> errors) {
        int before = errors.size();
        Parsed p = parse(json, errors);
        if (errors.size() > before) {
            return null;
        }
        Map<String, String> pointers = new HashMap<>();
        pointers.put("from", p.from().pointer());
        pointers.put("in_reply_to", "/headers/In-Reply-To");
        for (String f : List.of("subject", "text", "html", "to", "cc", "bcc", "attachments", "headers")) {
            pointers.put(f, "/" + f);
        }
        List<String> to = strings(p.to(), "to", pointers);
        List<String> cc = strings(p.cc(), "cc", pointers);
        List<String> bcc = strings(p.bcc(), "bcc", pointers);
        List<String> replyTo = p.replyTo() == null ? null : strings(List.of(p.replyTo()), "reply_to", pointers);
        List<SendJson.AttachmentJson> attachments = new ArrayList<>();
        for (Attachment a : p.attachments()) {
            pointers.put("attachments[" + attachments.size() + "]", "/attachments/" + a.index());
            attachments.add(new SendJson.AttachmentJson(a.filename(), a.contentType(), a.content(), a.contentId()));
        }
        p.headers().headers().keySet().forEach(h -> pointers.put("headers." + h, "/headers/" + escape(h)));
        String references = p.headers().references();
        SendJson send = new SendJson(p.from().asApiString(), to, cc, bcc, replyTo, p.subject(), p.text(), p.html(),
                attachments, p.headers().headers().isEmpty() ? null : p.headers().headers(), p.headers().inReplyTo(),
                references == null ? null : List.of(references.strip().split("\\s+")), null);
        Mapped mapped = new Mapped(null, p.recipients(), Map.copyOf(pointers));
        List<Problem.FieldError> refused = new ArrayList<>();
        OutboundRequest request = SendMapping.map(send, "", refused);
        refused.forEach(f -> errors.add(new Problem.FieldError(mapped.pointerOf(f.field()), f.detail())));
        return request == null ? null : new Mapped(request, mapped.recipients(), mapped.pointers());
    }

    /**
     * {@code json} as a raw request (the SMTP submission's kind, {@link OutboundRequest#raw()}): {@code from} and
     * {@code recipients} the envelope, {@code mime_message} the message as it is; null when refused, each problem in
     * {@code errors} named by its JSON Pointer.
     */
    public static Mapped toRaw(CloudflareSendJson.Raw json, List<Problem.FieldError> errors) {
        Map<String, String> pointers = new HashMap<>(Map.of("from", "/from", "to", "/recipients", "raw",
                "/mime_message"));
        if (json == null) {
            errors.add(new Problem.FieldError("", "a JSON object is required"));
            return null;
        }
        int before = errors.size();
        Consumer<Problem.FieldError> add = e -> errors.add(new Problem.FieldError(
                pointers.getOrDefault(e.field(), CloudflareProblems.pointer(e.field())), e.detail()));
        EmailAddress from = json.from() == null ? null : SendMapping.address(json.from(), "from", add);
        if (json.from() == null) {
            add.accept(new Problem.FieldError("from", "is required"));
        }
        List<EmailAddress> to = new ArrayList<>();
        List<String> recipients = json.recipients() == null ? List.of() : json.recipients();
        for (int i = 0; i < recipients.size(); i++) {
            pointers.put("to[" + i + "]", "/recipients/" + i);
            EmailAddress a = recipients.get(i) == null ? null : SendMapping.address(recipients.get(i), "to[" + i + "]", add);
            if (recipients.get(i) == null) {
                add.accept(new Problem.FieldError("to[" + i + "]", "is empty"));
            } else if (a != null) {
                to.add(a);
            }
        }
        if (recipients.isEmpty()) {
            add.accept(new Problem.FieldError("to", "at least one recipient is required"));
        }
        if (json.mimeMessage() == null || json.mimeMessage().isEmpty()) {
            add.accept(new Problem.FieldError("raw", "is required (the whole RFC 5322 message)"));
        }
        if (errors.size() > before) {
            return null;
        }
        String raw = Base64.getEncoder().encodeToString(json.mimeMessage().getBytes(StandardCharsets.UTF_8));
        String id = Ids.newId();
        OutboundRequest request = new OutboundRequest(OutboundRequest.VERSION, id, from, to, null, null, null, null,
                null, null, null, null, null, null, null, Instant.now(), null, null, raw, id + "@" + from.domain());
        for (Violation v : SendMapping.problems(request)) {
            add.accept(new Problem.FieldError(v.field(), v.detail()));
        }
        return errors.size() > before ? null
                : new Mapped(request, to.stream().map(EmailAddress::address).toList(), Map.copyOf(pointers));
    }

    /**
     * The Message-ID a raw message goes out with: its own when it has one (egress-sender keeps it), else
     * {@code minted}. With angle brackets.
     */
    public static String rawMessageId(OutboundRequest request, String minted) {
        String own = RawMessage.messageId(Base64.getDecoder().decode(request.raw()));
        return own != null ? own : "<" + minted + ">";
    }

    private static List<String> strings(List<Mailbox> mailboxes, String field, Map<String, String> pointers) {
        List<String> out = new ArrayList<>();
        for (Mailbox m : mailboxes) {
            pointers.put(field + "[" + out.size() + "]", m.pointer());
            out.add(m.asApiString());
        }
        return out;
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
