package dev.mailroom.contract;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A request to send one message: the value of {@link Topics#OUTBOUND_REQUESTED}, keyed by {@link #id()}. Every
 * sender (agent-host, REST, CLI, MCP) writes this; egress-sender alone turns it into MIME and SMTP.
 *
 * @param v           schema version, {@link #VERSION}
 * @param id          send id, stable across retries of the producer (a request without {@code messageId} gets
 *                    {@code <id>@<from domain>})
 * @param from        the sending mailbox
 * @param to          primary recipients (at least one of to/cc/bcc is required)
 * @param cc          carbon copies
 * @param bcc         blind copies (envelope only, never in headers)
 * @param replyTo     Reply-To mailboxes
 * @param subject     subject, may be empty
 * @param text        text/plain body, may be null when html is set
 * @param html        text/html body, may be null
 * @param inReplyTo   message id (without angle brackets) this message answers, may be null
 * @param references  References, oldest first, without angle brackets
 * @param headers     extra header fields
 * @param agent       the agent instance that sends, null for API sends
 * @param causationId id of the record that caused this send (e.g. the routed id answered), may be null
 * @param requestedAt when the send was requested; stable across redeliveries
 * @param attachments files to attach; an attachment with a content id is an inline part (e.g. an image the HTML
 *                    body shows through {@code cid:})
 * @param tags        free labels for the sender's own bookkeeping, echoed in delivery events, never in the message
 * @param raw         a complete RFC 5322 message, base64, already built by the sender (SMTP submission on port 587):
 *                    egress sends it as it is, adding only {@code Date}/{@code Message-ID} when missing, and signs
 *                    it; from is the envelope sender, to/cc/bcc the envelope recipients; subject, text, html,
 *                    attachments and headers must then be empty. Null for everything else.
 * @param messageId   the Message-ID of the message, without angle brackets, minted by the producer when it decides
 *                    the send (agent-host: a signed reply token; the REST API: {@code <send id>@<from domain>}), so
 *                    the producer can record it before the message leaves. Optional: when null, egress mints a plain
 *                    unique one ({@code <send id>@<from domain>}). A {@code raw} message keeps its own Message-ID
 *                    and gets this one only when it has none. ADR 0025.
 */
public record OutboundRequest(int v, String id, EmailAddress from, List<EmailAddress> to, List<EmailAddress> cc,
        List<EmailAddress> bcc, List<EmailAddress> replyTo, String subject, String text, String html, String inReplyTo,
        List<String> references, Map<String, String> headers, AgentRef agent, String causationId,
        java.time.Instant requestedAt, List<Attachment> attachments, List<String> tags, String raw,
        String messageId) {

    /** A request whose Message-ID egress mints (no {@code messageId}). */
    public OutboundRequest(int v, String id, EmailAddress from, List<EmailAddress> to, List<EmailAddress> cc,
            List<EmailAddress> bcc, List<EmailAddress> replyTo, String subject, String text, String html,
            String inReplyTo, List<String> references, Map<String, String> headers, AgentRef agent,
            String causationId, java.time.Instant requestedAt, List<Attachment> attachments, List<String> tags,
            String raw) {
        this(v, id, from, to, cc, bcc, replyTo, subject, text, html, inReplyTo, references, headers, agent,
                causationId, requestedAt, attachments, tags, raw, null);
    }

    /** A request built by egress (no raw message). */
    public OutboundRequest(int v, String id, EmailAddress from, List<EmailAddress> to, List<EmailAddress> cc,
            List<EmailAddress> bcc, List<EmailAddress> replyTo, String subject, String text, String html,
            String inReplyTo, List<String> references, Map<String, String> headers, AgentRef agent,
            String causationId, java.time.Instant requestedAt, List<Attachment> attachments, List<String> tags) {
        this(v, id, from, to, cc, bcc, replyTo, subject, text, html, inReplyTo, references, headers, agent,
                causationId, requestedAt, attachments, tags, null);
    }

    /** A request without attachments or tags. */
    public OutboundRequest(int v, String id, EmailAddress from, List<EmailAddress> to, List<EmailAddress> cc,
            List<EmailAddress> bcc, List<EmailAddress> replyTo, String subject, String text, String html,
            String inReplyTo, List<String> references, Map<String, String> headers, AgentRef agent,
            String causationId, java.time.Instant requestedAt) {
        this(v, id, from, to, cc, bcc, replyTo, subject, text, html, inReplyTo, references, headers, agent,
                causationId, requestedAt, null, null);
    }

    /** A request without a request time (egress takes its own clock). */
    public OutboundRequest(int v, String id, EmailAddress from, List<EmailAddress> to, List<EmailAddress> cc,
            List<EmailAddress> bcc, List<EmailAddress> replyTo, String subject, String text, String html,
            String inReplyTo, List<String> references, Map<String, String> headers, AgentRef agent,
            String causationId) {
        this(v, id, from, to, cc, bcc, replyTo, subject, text, html, inReplyTo, references, headers, agent,
                causationId, null);
    }

    public static final int VERSION = 1;

    public OutboundRequest {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(from, "from");
        to = to == null ? List.of() : List.copyOf(to);
        cc = cc == null ? List.of() : List.copyOf(cc);
        bcc = bcc == null ? List.of() : List.copyOf(bcc);
        replyTo = replyTo == null ? List.of() : List.copyOf(replyTo);
        subject = subject == null ? "" : subject;
        references = references == null ? List.of() : List.copyOf(references);
        headers = headers == null ? Map.of() : Map.copyOf(headers);
        attachments = attachments == null ? List.of() : List.copyOf(attachments);
        tags = tags == null ? List.of() : List.copyOf(tags);
    }

    /**
     * A file carried by a send request.
     *
     * @param filename      file name shown to the recipient, may be null
     * @param contentType   MIME type, e.g. {@code application/pdf}; null means {@code application/octet-stream}
     * @param contentBase64 the content, base64 (RFC 4648, no line breaks needed)
     * @param contentId     Content-ID without angle brackets for an inline part, null for an ordinary attachment
     */
    public record Attachment(String filename, String contentType, String contentBase64, String contentId) {

        public Attachment {
            Objects.requireNonNull(contentBase64, "contentBase64");
        }

        /** Whether this part is shown inline (referenced from the HTML body by its content id). */
        public boolean inline() {
            return contentId != null && !contentId.isBlank();
        }
    }

    /** This request with Message-ID {@code messageId} (without angle brackets). */
    public OutboundRequest withMessageId(String messageId) {
        return new OutboundRequest(v, id, from, to, cc, bcc, replyTo, subject, text, html, inReplyTo, references,
                headers, agent, causationId, requestedAt, attachments, tags, raw, messageId);
    }

    /** Whether the sender built the message itself ({@link #raw()}). */
    public boolean hasRawMessage() {
        return raw != null;
    }

    /**
     * The envelope recipients as egress-sender queues (and its delivery events name) them: deduplicated ignoring
     * case, lower-case key to the first spelling given.
     */
    public Map<String, String> envelopeRecipients() {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        for (EmailAddress a : allRecipients()) {
            out.putIfAbsent(a.address().toLowerCase(java.util.Locale.ROOT), a.address());
        }
        return out;
    }

    /** Every envelope recipient: to, cc and bcc. */
    public List<EmailAddress> allRecipients() {
        return java.util.stream.Stream.of(to, cc, bcc).flatMap(List::stream).toList();
    }
}
