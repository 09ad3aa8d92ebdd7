package dev.mailroom.agent;

import java.time.Instant;
import java.util.List;

import dev.mailroom.contract.EmailAddress;

/**
 * Immutable, safe to share between threads. One message of an instance's history, inbound or outbound, as recorded when its transaction committed.
 *
 * @param id         routed id (inbound) or send id (outbound)
 * @param threadId   the host's thread id (see {@link Conversation})
 * @param direction  {@link Direction#IN} or {@link Direction#OUT}
 * @param messageId  RFC 5322 Message-ID without angle brackets (inbound only; egress names outbound mail)
 * @param from       sender: the correspondent for inbound mail, this instance's address for outbound mail
 * @param to         recipients: this instance's address for inbound mail, the correspondents for outbound mail
 * @param replyTo    who a reply goes to (inbound only: Reply-To, else From, else the envelope sender)
 * @param subject    subject
 * @param text       text/plain body, may be null
 * @param html       text/html body, may be null
 * @param inReplyTo  the Message-ID this message answers, may be null
 * @param references References, oldest first
 * @param at         when it was received (inbound) or requested (outbound)
 */
public record HistoryMessage(String id, String threadId, Direction direction, String messageId, EmailAddress from,
        List<EmailAddress> to, List<EmailAddress> replyTo, String subject, String text, String html, String inReplyTo,
        List<String> references, Instant at) {

    /** Whether a message came in or went out. */
    public enum Direction {
        IN, OUT
    }

    public HistoryMessage {
        to = to == null ? List.of() : List.copyOf(to);
        replyTo = replyTo == null ? List.of() : List.copyOf(replyTo);
        references = references == null ? List.of() : List.copyOf(references);
    }
}
