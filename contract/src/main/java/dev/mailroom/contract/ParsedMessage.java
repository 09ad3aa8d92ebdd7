package dev.mailroom.contract;

import java.time.Instant;
import java.util.List;

/**
 * What the router read out of a raw message. Bodies are decoded to Unicode text; attachments are described, not
 * carried.
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
 */
public record ParsedMessage(String messageId, List<String> inReplyTo, List<String> references, EmailAddress from,
        List<EmailAddress> replyTo, List<EmailAddress> to, List<EmailAddress> cc, String subject, Instant date,
        String text, String html, List<Attachment> attachments) {

    public ParsedMessage {
        inReplyTo = inReplyTo == null ? List.of() : List.copyOf(inReplyTo);
        references = references == null ? List.of() : List.copyOf(references);
        replyTo = replyTo == null ? List.of() : List.copyOf(replyTo);
        to = to == null ? List.of() : List.copyOf(to);
        cc = cc == null ? List.of() : List.copyOf(cc);
        subject = subject == null ? "" : subject;
        attachments = attachments == null ? List.of() : List.copyOf(attachments);
    }

    /**
     * A non-body part.
     *
     * @param filename    file name from Content-Disposition or Content-Type, may be null
     * @param contentType MIME type, lower case
     * @param size        decoded size in bytes
     */
    public record Attachment(String filename, String contentType, long size) {
    }
}
