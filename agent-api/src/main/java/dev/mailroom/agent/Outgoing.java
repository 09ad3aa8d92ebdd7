package dev.mailroom.agent;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import dev.mailroom.contract.EmailAddress;

/**
 * An immutable value, safe to share between threads and to build outside a call. A message an agent wants to send, reply or not: built with {@link #to(String...)} (a new message, a new thread) or
 * {@link #replyTo(InboundEmail)} / {@link #replyTo(HistoryMessage)} (threaded, from the address written to), then
 * given to {@link AgentContext#send} or {@link AgentContext#draft}. Immutable: each {@code with…} returns a copy.
 *
 * @param from       the sending mailbox; null means this instance's address (the address it was last written to)
 * @param to         recipients
 * @param cc         carbon copies
 * @param subject    subject
 * @param text       text/plain body
 * @param html       text/html body
 * @param inReplyTo  Message-ID answered, null for a new message
 * @param references References, oldest first
 * @param threadId   the host thread a reply belongs to; null: the thread of {@code parentId}, or a new thread
 * @param parentId   the routed id of the message a reply answers, null for a new message
 */
public record Outgoing(EmailAddress from, List<EmailAddress> to, List<EmailAddress> cc, String subject, String text,
        String html, String inReplyTo, List<String> references, String threadId, String parentId) {

    public Outgoing {
        to = to == null ? List.of() : List.copyOf(to);
        cc = cc == null ? List.of() : List.copyOf(cc);
        references = references == null ? List.of() : List.copyOf(references);
        subject = subject == null ? "" : subject;
    }

    /** A new message (a new thread) to {@code addresses}. */
    public static Outgoing to(String... addresses) {
        return new Outgoing(null, Arrays.stream(addresses).map(EmailAddress::of).toList(), null, "", null, null, null,
                null, null, null);
    }

    /**
     * A reply to {@code email}: from the address it was sent to, to its reply recipients, {@code Re: subject},
     * In-Reply-To and References set, in its thread.
     */
    public static Outgoing replyTo(InboundEmail email) {
        return new Outgoing(EmailAddress.of(email.recipient()), email.replyRecipients(), null,
                replySubject(email.subject()), null, null, email.messageId(),
                references(email.message().references(), email.message().inReplyTo(), email.messageId()), null,
                email.id());
    }

    /** A reply to an inbound message of the history (e.g. a follow-up from {@link Agent#onSchedule}). */
    public static Outgoing replyTo(HistoryMessage message) {
        if (message.direction() != HistoryMessage.Direction.IN) {
            throw new IllegalArgumentException("only inbound messages can be answered: " + message.id());
        }
        EmailAddress from = message.to().isEmpty() ? null : message.to().get(0);
        return new Outgoing(from, message.replyTo(), null, replySubject(message.subject()), null, null,
                message.messageId(), references(message.references(),
                        message.inReplyTo() == null ? List.of() : List.of(message.inReplyTo()), message.messageId()),
                message.threadId(), message.id());
    }

    public Outgoing withFrom(String address) {
        return new Outgoing(EmailAddress.of(address), to, cc, subject, text, html, inReplyTo, references, threadId,
                parentId);
    }

    public Outgoing withTo(List<EmailAddress> recipients) {
        return new Outgoing(from, recipients, cc, subject, text, html, inReplyTo, references, threadId, parentId);
    }

    public Outgoing withCc(String... addresses) {
        return new Outgoing(from, to, Arrays.stream(addresses).map(EmailAddress::of).toList(), subject, text, html,
                inReplyTo, references, threadId, parentId);
    }

    public Outgoing withSubject(String value) {
        return new Outgoing(from, to, cc, value, text, html, inReplyTo, references, threadId, parentId);
    }

    public Outgoing withText(String value) {
        return new Outgoing(from, to, cc, subject, value, html, inReplyTo, references, threadId, parentId);
    }

    public Outgoing withHtml(String value) {
        return new Outgoing(from, to, cc, subject, text, value, inReplyTo, references, threadId, parentId);
    }

    public Outgoing withThread(String id) {
        return new Outgoing(from, to, cc, subject, text, html, inReplyTo, references, id, parentId);
    }

    /** Whether this answers a message (In-Reply-To set). */
    public boolean isReply() {
        return parentId != null;
    }

    /** Every recipient, to and cc. */
    public List<EmailAddress> recipients() {
        List<EmailAddress> all = new ArrayList<>(to);
        all.addAll(cc);
        return all;
    }

    /** {@code Re: <subject>}, without stacking prefixes on a subject that already has one. */
    public static String replySubject(String subject) {
        String s = subject == null ? "" : subject.strip();
        return s.toLowerCase(java.util.Locale.ROOT).startsWith("re:") ? s : "Re: " + s;
    }

    /** The References of a reply: the parent's References (or its In-Reply-To), then the parent itself. */
    static List<String> references(List<String> references, List<String> inReplyTo, String parent) {
        List<String> out = new ArrayList<>(references);
        if (out.isEmpty() && !inReplyTo.isEmpty()) {
            out.add(inReplyTo.get(0));
        }
        if (parent != null && !out.contains(parent)) {
            out.add(parent);
        }
        return out;
    }
}
