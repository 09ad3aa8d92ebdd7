package dev.mailroom.router.parse;

import java.util.Locale;

import org.apache.james.mime4j.dom.field.ContentTypeField;

/**
 * Decides whether a message was sent by a machine, so that agents never answer robots in a loop. The first rule
 * that matches gives the reason, in this order:
 * <ol>
 * <li>{@code Auto-Submitted} present and not {@code no} (RFC 3834) → {@code auto-submitted: <value>};</li>
 * <li>{@code Precedence: bulk | junk | list | auto_reply} → {@code precedence: <value>};</li>
 * <li>{@code X-Auto-Response-Suppress} with any value but {@code None} (Exchange marks its automatic mail so)
 * → {@code x-auto-response-suppress: <value>};</li>
 * <li>{@code X-Autoreply} or {@code X-Autorespond} present → {@code x-autoreply: <value>} /
 * {@code x-autorespond: <value>};</li>
 * <li>{@code List-Id} or {@code List-Unsubscribe} present (mailing list traffic, treated like
 * {@code Precedence: list}) → {@code list: list-id} / {@code list: list-unsubscribe};</li>
 * <li>{@code Content-Type: multipart/report} (delivery status and read receipts, RFC 6522)
 * → {@code multipart/report: <report-type>}.</li>
 * </ol>
 * Values are lower case, cleaned and cut at 100 characters. The null sender (an empty envelope MAIL FROM) is known
 * only from the envelope; the consumer adds {@code null-sender} itself.
 */
final class AutoReplyDetector {

    private static final int MAX_VALUE = 100;

    private AutoReplyDetector() {
    }

    /** The reason this message is automatic, or null when it looks written by a person. */
    static String detect(HeaderFields header) {
        String autoSubmitted = token(header.value("Auto-Submitted"));
        if (autoSubmitted != null && !autoSubmitted.equals("no")) {
            return "auto-submitted: " + autoSubmitted;
        }
        String precedence = token(header.value("Precedence"));
        if (precedence != null && (precedence.equals("bulk") || precedence.equals("junk")
                || precedence.equals("list") || precedence.equals("auto_reply"))) {
            return "precedence: " + precedence;
        }
        String suppress = normalise(header.value("X-Auto-Response-Suppress"));
        if (suppress != null && !suppress.equals("none")) {
            return "x-auto-response-suppress: " + suppress;
        }
        for (String name : new String[] { "X-Autoreply", "X-Autorespond" }) {
            String value = normalise(header.value(name));
            if (value != null) {
                return name.toLowerCase(Locale.ROOT) + ": " + value;
            }
        }
        for (String name : new String[] { "List-Id", "List-Unsubscribe" }) {
            if (header.first(name) != null) {
                return "list: " + name.toLowerCase(Locale.ROOT);
            }
        }
        if (header.first("Content-Type") instanceof ContentTypeField type
                && "multipart/report".equalsIgnoreCase(type.getMimeType())) {
            String reportType = normalise(type.getParameter("report-type"));
            return "multipart/report: " + (reportType == null ? "unknown" : reportType);
        }
        return null;
    }

    /** The first token of a structured value ({@code auto-replied; owner-email=...} → {@code auto-replied}). */
    private static String token(String value) {
        String v = normalise(value);
        if (v == null) {
            return null;
        }
        int end = 0;
        while (end < v.length() && v.charAt(end) != ';' && v.charAt(end) != '(' && !Character.isWhitespace(
                v.charAt(end))) {
            end++;
        }
        return end == 0 ? null : v.substring(0, end);
    }

    private static String normalise(String value) {
        if (value == null) {
            return null;
        }
        String v = UntrustedText.cleanLine(value).toLowerCase(Locale.ROOT);
        if (v.isEmpty()) {
            return null;
        }
        return v.length() > MAX_VALUE ? v.substring(0, MAX_VALUE) : v;
    }
}
