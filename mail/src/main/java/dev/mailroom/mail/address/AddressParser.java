package dev.mailroom.mail.address;

import java.util.ArrayList;
import java.util.List;

import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.codec.DecoderUtil;

import dev.mailroom.contract.EmailAddress;

/**
 * Parses mailboxes and address header fields (RFC 5322 section 3.4): {@code addr-spec}, {@code name-addr}
 * ({@code Name <addr>}), groups ({@code Team: a@x, b@y;}), address lists, comments, quoted strings and RFC 2047
 * encoded words in display names. Syntax of the addr-spec itself is {@link AddressSyntax}.
 * <p>
 * Two entry points, two strictness levels: {@link #mailbox(String)} is the API form (one mailbox, a clear problem
 * text when malformed); {@link #addressList(String)} reads received header fields leniently (what cannot be a
 * mailbox is skipped, never an exception).
 */
public final class AddressParser {

    private AddressParser() {
    }

    /** A mailbox that cannot be parsed; the message is the problem ("has '<' without a closing '>'"). */
    public static final class AddressParseException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        public AddressParseException(String problem) {
            super(problem);
        }
    }

    /**
     * A list of mailboxes as an API client writes it, each read by {@link #mailbox}; null is an empty list. Each one
     * that cannot be read is left out and reported to {@code problem} as ({@code field[i]}, the problem).
     */
    public static List<EmailAddress> mailboxes(List<String> values, String field,
            java.util.function.BiConsumer<String, String> problem) {
        List<EmailAddress> out = new ArrayList<>();
        for (int i = 0; values != null && i < values.size(); i++) {
            try {
                out.add(mailbox(values.get(i)));
            } catch (AddressParseException e) {
                problem.accept(field + "[" + i + "]", e.getMessage());
            }
        }
        return out;
    }

    /**
     * One mailbox as an API client writes it: {@code addr} or {@code Display Name <addr>} ({@code "Quoted, Name"
     * <addr>} unquoted). The addr-spec is returned as written, without checking it (see {@link AddressSyntax#problem}).
     *
     * @throws AddressParseException "is empty" or "has '<' without a closing '>'"
     */
    public static EmailAddress mailbox(String value) {
        if (value == null || value.isBlank()) {
            throw new AddressParseException("is empty");
        }
        String v = value.strip();
        int lt = v.lastIndexOf('<');
        if (lt < 0) {
            return EmailAddress.of(v);
        }
        if (!v.endsWith(">")) {
            throw new AddressParseException("has '<' without a closing '>'");
        }
        String name = v.substring(0, lt).strip();
        if (name.length() >= 2 && name.startsWith("\"") && name.endsWith("\"")) {
            name = unquote(name.substring(1, name.length() - 1));
        }
        return new EmailAddress(name.isEmpty() ? null : name, v.substring(lt + 1, v.length() - 1).strip());
    }

    /**
     * The mailboxes of an address header field value (From, To, Cc, Reply-To ...), in order, groups flattened.
     * Lenient, as mime4j's lenient parser: folding is undone, comments dropped, display names unquoted and RFC
     * 2047-decoded, white space around {@code @} and {@code .} dropped; an entry without {@code @} is kept as a
     * local address ({@code To: user0}); an empty entry or one with an empty local part is skipped.
     */
    public static List<EmailAddress> addressList(String value) {
        List<EmailAddress> out = new ArrayList<>();
        if (value == null) {
            return out;
        }
        for (String entry : entries(stripComments(value.replace("\r", "").replace("\n", "")))) {
            EmailAddress mailbox = entry(entry);
            if (mailbox != null) {
                out.add(mailbox);
            }
        }
        return out;
    }

    /** The domains (lower case, a trailing dot removed) of the mailboxes in an address header field value. */
    public static List<String> domains(String value) {
        List<String> domains = new ArrayList<>();
        for (EmailAddress mailbox : addressList(value)) {
            AddrSpec.split(mailbox.address()).map(AddrSpec::lowerDomain)
                    .map(d -> d.endsWith(".") ? d.substring(0, d.length() - 1) : d)
                    .filter(d -> !d.isEmpty()).ifPresent(domains::add);
        }
        return domains;
    }

    /** One list entry (group prefix and terminator removed) as a mailbox, or null. */
    private static EmailAddress entry(String raw) {
        String m = raw.strip();
        int colon = topLevel(m, ':');
        int angle = topLevel(m, '<');
        if (colon >= 0 && (angle < 0 || colon < angle)) {
            m = m.substring(colon + 1).strip(); // "Team: a@x" (group start)
        }
        if (m.endsWith(";")) {
            m = m.substring(0, m.length() - 1).strip(); // "b@y;" (group end)
        }
        int lt = topLevel(m, '<');
        String name = null;
        String addr = m;
        if (lt >= 0) {
            int gt = m.indexOf('>', lt);
            if (gt < 0) {
                return null;
            }
            addr = m.substring(lt + 1, gt).strip();
            name = displayName(m.substring(0, lt));
            int route = addr.indexOf(':');
            if (route >= 0 && addr.startsWith("@")) {
                addr = addr.substring(route + 1); // obsolete source route "<@relay:a@x>"
            }
        }
        addr = collapse(addr);
        return addr.isEmpty() || addr.startsWith("@") ? null : new EmailAddress(name, addr);
    }

    /** Outside quoted strings: no white space around {@code @} and {@code .}, other runs one space. */
    private static String collapse(String addr) {
        StringBuilder out = new StringBuilder(addr.length());
        boolean quoted = false;
        boolean space = false;
        for (int i = 0; i < addr.length(); i++) {
            char c = addr.charAt(i);
            if (!quoted && (c == ' ' || c == '\t')) {
                space = true;
                continue;
            }
            if (space && out.length() > 0 && c != '@' && c != '.' && out.charAt(out.length() - 1) != '@'
                    && out.charAt(out.length() - 1) != '.') {
                out.append(' ');
            }
            space = false;
            if (c == '\\' && i + 1 < addr.length()) {
                out.append(c).append(addr.charAt(++i));
                continue;
            }
            if (c == '"') {
                quoted = !quoted;
            }
            out.append(c);
        }
        return out.toString();
    }

    /** The phrase before an angle address: quotes removed, encoded words decoded, white space collapsed. */
    private static String displayName(String phrase) {
        StringBuilder out = new StringBuilder();
        String p = phrase.strip();
        for (int i = 0; i < p.length(); i++) {
            char c = p.charAt(i);
            if (c == '"') {
                int end = closingQuote(p, i);
                out.append(unquote(p.substring(i + 1, end)));
                i = end;
            } else {
                out.append(c);
            }
        }
        String name = out.toString().replaceAll("\\s+", " ").strip();
        if (name.contains("=?")) {
            name = DecoderUtil.decodeEncodedWords(name, DecodeMonitor.SILENT);
        }
        return name.isEmpty() ? null : name;
    }

    private static int closingQuote(String s, int open) {
        for (int i = open + 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '"') {
                return i;
            }
        }
        return s.length();
    }

    private static String unquote(String inner) {
        StringBuilder out = new StringBuilder(inner.length());
        for (int i = 0; i < inner.length(); i++) {
            char c = inner.charAt(i);
            if (c == '\\' && i + 1 < inner.length()) {
                c = inner.charAt(++i);
            }
            out.append(c);
        }
        return out.toString();
    }

    /** Index of {@code target} outside quoted strings, or -1. */
    private static int topLevel(String s, char target) {
        boolean quoted = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (!quoted && c == target) {
                return i;
            }
        }
        return -1;
    }

    /** {@code s} without comments (nested parentheses), quoted strings kept as they are. */
    private static String stripComments(String s) {
        StringBuilder out = new StringBuilder();
        int depth = 0;
        boolean quoted = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                if (depth == 0) {
                    out.append(c).append(s.charAt(i + 1));
                }
                i++;
            } else if (quoted) {
                out.append(c);
                quoted = c != '"';
            } else if (c == '(') {
                depth++;
            } else if (c == ')' && depth > 0) {
                depth--;
            } else if (depth == 0) {
                quoted = c == '"';
                out.append(c);
            }
        }
        return out.toString();
    }

    /** Splits at commas outside quotes and angle brackets, and after a group's terminating {@code ;}. */
    private static List<String> entries(String s) {
        List<String> parts = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        boolean angle = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                cur.append(c).append(s.charAt(++i));
                continue;
            }
            if (c == '"' && !angle) {
                quoted = !quoted;
            } else if (!quoted && c == '<') {
                angle = true;
            } else if (!quoted && c == '>') {
                angle = false;
            } else if (!quoted && !angle && (c == ',' || c == ';')) {
                if (c == ';') {
                    cur.append(c);
                }
                parts.add(cur.toString());
                cur.setLength(0);
                continue;
            }
            cur.append(c);
        }
        parts.add(cur.toString());
        return parts;
    }
}
