package dev.mailroom.contract;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What the router read out of a raw message. Bodies are decoded to Unicode text with LF line ends; attachments
 * carry their content (base64) up to the router's budget (24 MiB decoded per message), beyond it only name, type,
 * size and SHA-256. Everything here came from outside: untrusted data, with control and bidi characters removed.
 *
 * @param messageId   Message-ID without angle brackets, null when absent
 * @param inReplyTo   In-Reply-To message ids, without angle brackets
 * @param references  References message ids, oldest first, without angle brackets
 * @param from        first From mailbox, null when absent or unparseable
 * @param replyTo     Reply-To mailboxes
 * @param to          To mailboxes
 * @param cc          Cc mailboxes
 * @param subject     decoded Subject, empty when absent
 * @param date        Date header, null when absent or unparseable
 * @param text        the text/plain body, null when none
 * @param html        the text/html body, null when none
 * @param attachments parts that are not the chosen bodies
 * @param threadId    the thread: root of References, else first In-Reply-To, else Message-ID; null when none
 * @param replyText   the new text of a reply: the text (or, for HTML-only mail, the HTML's text) without quoted
 *                    history and signature; null when the message has no text at all
 * @param autoReply   why this message is automatic (e.g. {@code auto-submitted: auto-replied},
 *                    {@code precedence: bulk}, {@code null-sender}); null for a message written by a person. Agents
 *                    must not answer automatic mail (mail loops)
 * @param routingHeaders header fields the router acts on besides addresses and thread ids (the Cloudflare Agents
 *                    SDK's {@code X-Agent-*}), by canonical name
 */
public record ParsedMessage(String messageId, List<String> inReplyTo, List<String> references, EmailAddress from,
        List<EmailAddress> replyTo, List<EmailAddress> to, List<EmailAddress> cc, String subject, Instant date,
        String text, String html, List<Attachment> attachments, String threadId, String replyText, String autoReply,
        Map<String, String> routingHeaders) {

    /** The fields of the foundation (no thread id, reply text, auto-reply verdict or routing headers). */
    public ParsedMessage(String messageId, List<String> inReplyTo, List<String> references, EmailAddress from,
            List<EmailAddress> replyTo, List<EmailAddress> to, List<EmailAddress> cc, String subject, Instant date,
            String text, String html, List<Attachment> attachments) {
        this(messageId, inReplyTo, references, from, replyTo, to, cc, subject, date, text, html, attachments, null,
                null, null, null);
    }

    public ParsedMessage {
        inReplyTo = inReplyTo == null ? List.of() : List.copyOf(inReplyTo);
        references = references == null ? List.of() : List.copyOf(references);
        replyTo = replyTo == null ? List.of() : List.copyOf(replyTo);
        to = to == null ? List.of() : List.copyOf(to);
        cc = cc == null ? List.of() : List.copyOf(cc);
        subject = subject == null ? "" : subject;
        attachments = attachments == null ? List.of() : List.copyOf(attachments);
        routingHeaders = routingHeaders == null ? Map.of() : Map.copyOf(routingHeaders);
    }

    /** A copy with the auto-reply verdict replaced. */
    public ParsedMessage withAutoReply(String reason) {
        return new ParsedMessage(messageId, inReplyTo, references, from, replyTo, to, cc, subject, date, text, html,
                attachments, threadId, replyText, reason, routingHeaders);
    }

    /**
     * A non-body part.
     *
     * @param filename      file name from Content-Disposition or Content-Type, may be null
     * @param contentType   MIME type, lower case
     * @param size          decoded size in bytes
     * @param sha256        lower-case hex SHA-256 of the decoded content, null when unknown
     * @param contentId     Content-ID without angle brackets (inline images), may be null
     * @param contentBase64 the decoded content, base64; null when not carried (see docs/adr/0004)
     */
    public record Attachment(String filename, String contentType, long size, String sha256, String contentId,
            String contentBase64) {

        public Attachment(String filename, String contentType, long size) {
            this(filename, contentType, size, null, null, null);
        }
    }
}
