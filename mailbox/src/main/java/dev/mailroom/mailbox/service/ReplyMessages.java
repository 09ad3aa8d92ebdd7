package dev.mailroom.mailbox.service;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.jsoup.Jsoup;
import org.jsoup.safety.Safelist;

import dev.mailroom.contract.EmailAddress;
import dev.mailroom.contract.OutboundRequest;
import dev.mailroom.mail.html.HtmlText;
import dev.mailroom.mailbox.repository.ReplySql.Original;

/**
 * Builds the message of a reply, reply-all or forward from the message it answers. Pure: no I/O, tested on its own.
 * From is the mailbox's address; threading headers follow RFC 5322 §3.6.4 (In-Reply-To the original's Message-ID,
 * References its References, else its In-Reply-To, then its Message-ID, at most {@value #MAX_REFERENCES}: the root
 * and the newest); a forward quotes the original (its HTML cleaned to a safe subset, every header escaped) and keeps
 * References, so it stays in the thread.
 */
public final class ReplyMessages {

    /** What is built. */
    public enum Kind {
        REPLY("reply"), REPLY_ALL("reply-all"), FORWARD("forward");

        public final String wire;

        Kind(String wire) {
            this.wire = wire;
        }
    }

    /**
     * What the caller added: the new text and HTML, recipients (a forward's {@code to}; more recipients of a reply)
     * and files.
     */
    public record Ask(String text, String html, List<EmailAddress> to, List<EmailAddress> cc, List<EmailAddress> bcc,
            List<OutboundRequest.Attachment> attachments) {
    }

    /** References kept: the root and the newest ones (long threads would grow the header without end). */
    public static final int MAX_REFERENCES = 20;

    static final String FORWARD_LINE = "---------- Forwarded message ---------";

    private static final DateTimeFormatter DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

    private ReplyMessages() {
    }

    /**
     * The request answering {@code original} (no Message-ID yet).
     *
     * @param forwarded the original's attachments, for a forward that includes them
     */
    public static OutboundRequest build(Kind kind, Original original, Ask ask,
            List<OutboundRequest.Attachment> forwarded, String sendId, Instant now) {
        String own = original.mailbox().address();
        List<EmailAddress> to = new ArrayList<>();
        List<EmailAddress> cc = new ArrayList<>();
        if (kind != Kind.FORWARD) {
            if (original.inbound()) {
                to.addAll(!original.replyTo().isEmpty() ? original.replyTo()
                        : original.from() == null ? List.of() : List.of(original.from()));
            } else {
                to.addAll(original.to()); // a reply to one's own message goes to its recipients again
            }
            if (kind == Kind.REPLY_ALL) {
                if (original.inbound()) {
                    to.addAll(original.to());
                }
                cc.addAll(original.cc());
            }
        }
        to.addAll(ask.to());
        cc.addAll(ask.cc());
        Set<String> seen = new HashSet<>();
        seen.add(own.toLowerCase(Locale.ROOT));
        List<EmailAddress> toOut = distinct(to, seen);
        List<EmailAddress> ccOut = distinct(cc, seen);
        List<EmailAddress> bccOut = distinct(ask.bcc(), seen);
        List<String> references = references(original);
        List<OutboundRequest.Attachment> files = new ArrayList<>(ask.attachments());
        files.addAll(forwarded);
        String subject = kind == Kind.FORWARD ? forwardSubject(original.subject()) : replySubject(original.subject());
        String text = kind == Kind.FORWARD ? forwardText(ask.text(), original) : ask.text();
        String html = kind == Kind.FORWARD ? forwardHtml(ask.text(), ask.html(), original) : ask.html();
        return new OutboundRequest(OutboundRequest.VERSION, sendId, EmailAddress.of(own), toOut, ccOut, bccOut, null,
                subject, text, html, kind == Kind.FORWARD ? null : original.messageId(), references, null, null,
                original.id(), now, files, null);
    }

    /** The addresses of {@code in} not in {@code seen} (ignoring case), in order; adds them to {@code seen}. */
    private static List<EmailAddress> distinct(List<EmailAddress> in, Set<String> seen) {
        List<EmailAddress> out = new ArrayList<>();
        for (EmailAddress a : in) {
            if (seen.add(a.address().toLowerCase(Locale.ROOT))) {
                out.add(a);
            }
        }
        return out;
    }

    /** The original's References (else its first In-Reply-To) and its Message-ID, trimmed to the root and newest. */
    static List<String> references(Original original) {
        List<String> chain = new ArrayList<>(original.references());
        if (chain.isEmpty() && !original.inReplyTo().isEmpty()) {
            chain.add(original.inReplyTo().get(0));
        }
        if (original.messageId() != null && !chain.contains(original.messageId())) {
            chain.add(original.messageId());
        }
        if (chain.size() <= MAX_REFERENCES) {
            return chain;
        }
        List<String> kept = new ArrayList<>();
        kept.add(chain.get(0));
        kept.addAll(chain.subList(chain.size() - (MAX_REFERENCES - 1), chain.size()));
        return kept;
    }

    /** {@code Re: <subject>}, not doubled. */
    static String replySubject(String subject) {
        String s = subject == null ? "" : subject.strip();
        return s.regionMatches(true, 0, "re:", 0, 3) ? s : "Re: " + s;
    }

    /** {@code Fwd: <subject>}, not doubled ({@code Fw:} counts). */
    static String forwardSubject(String subject) {
        String s = subject == null ? "" : subject.strip();
        return s.regionMatches(true, 0, "fwd:", 0, 4) || s.regionMatches(true, 0, "fw:", 0, 3) ? s : "Fwd: " + s;
    }

    private static List<String[]> headers(Original o) {
        List<String[]> h = new ArrayList<>();
        h.add(new String[] { "From", o.from() == null ? "" : o.from().toString() });
        if (o.date() != null) {
            h.add(new String[] { "Date", DATE.format(o.date()) });
        }
        h.add(new String[] { "Subject", o.subject() == null ? "" : o.subject() });
        if (!o.to().isEmpty()) {
            h.add(new String[] { "To", join(o.to()) });
        }
        if (!o.cc().isEmpty()) {
            h.add(new String[] { "Cc", join(o.cc()) });
        }
        return h;
    }

    private static String join(List<EmailAddress> addresses) {
        return String.join(", ", addresses.stream().map(EmailAddress::toString).toList());
    }

    static String forwardText(String text, Original o) {
        StringBuilder b = new StringBuilder();
        if (text != null && !text.isEmpty()) {
            b.append(text).append("\n\n");
        }
        b.append(FORWARD_LINE).append('\n');
        headers(o).forEach(h -> b.append(h[0]).append(": ").append(h[1]).append('\n'));
        b.append('\n');
        String body = o.text() != null ? o.text() : o.html() != null ? HtmlText.toText(o.html(), false) : "";
        return b.append(body).toString();
    }

    /** The HTML of a forward, or null when neither the caller nor the original has any. */
    static String forwardHtml(String text, String html, Original o) {
        if (html == null && o.html() == null) {
            return null;
        }
        StringBuilder b = new StringBuilder();
        if (html != null) {
            b.append(html);
        } else if (text != null && !text.isEmpty()) {
            b.append("<div style=\"white-space:pre-wrap\">").append(escape(text)).append("</div>");
        }
        b.append("<div class=\"mailroom-forward\"><p>").append(escape(FORWARD_LINE)).append("<br>");
        headers(o).forEach(h -> b.append(escape(h[0])).append(": ").append(escape(h[1])).append("<br>"));
        b.append("</p><blockquote>");
        if (o.html() != null) {
            b.append(Jsoup.clean(o.html(), Safelist.relaxed()));
        } else if (o.text() != null) {
            b.append("<div style=\"white-space:pre-wrap\">").append(escape(o.text())).append("</div>");
        }
        return b.append("</blockquote></div>").toString();
    }

    static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
