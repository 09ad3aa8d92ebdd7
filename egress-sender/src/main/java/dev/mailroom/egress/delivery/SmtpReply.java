package dev.mailroom.egress.delivery;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One SMTP reply (RFC 5321 §4.2): the three-digit code, the enhanced status code (RFC 3463) when the server uses them,
 * and the text, one element per reply line joined with {@code \n} (code, separator and enhanced code stripped).
 *
 * @param code the reply code, 200-599
 * @param enhancedCode for example {@code 5.1.1}, or {@code null}
 * @param text the reply text, never {@code null} (may be empty)
 */
public record SmtpReply(int code, String enhancedCode, String text) {

    private static final Pattern ENHANCED = Pattern.compile("^([245])\\.(\\d{1,3})\\.(\\d{1,3})(?: +|$)");

    public SmtpReply {
        if (code < 200 || code > 599) {
            throw new IllegalArgumentException("SMTP reply code out of range: " + code);
        }
        text = text == null ? "" : text;
    }

    /** 2xx or 3xx: completion or intermediate success. */
    public boolean positive() {
        return code < 400;
    }

    /** 4xx: try again later. */
    public boolean transientFailure() {
        return code >= 400 && code < 500;
    }

    /** 5xx: do not try again. */
    public boolean permanentFailure() {
        return code >= 500;
    }

    /** {@code "550 5.1.1 text"}; without the enhanced code when there is none. */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder().append(code);
        if (enhancedCode != null) {
            s.append(' ').append(enhancedCode);
        }
        if (!text.isEmpty()) {
            s.append(' ').append(text);
        }
        return s.toString();
    }

    /**
     * Builds a reply from its lines' texts. With {@code enhanced} (the server advertised ENHANCEDSTATUSCODES), an
     * enhanced code of the reply's class at the start of the first line is taken out of the text, and so is the same
     * prefix on the following lines.
     */
    static SmtpReply of(int code, List<String> lines, boolean enhanced) {
        String enhancedCode = null;
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (enhanced) {
                Matcher m = ENHANCED.matcher(line);
                if (m.find() && m.group(1).charAt(0) - '0' == code / 100) {
                    String found = m.group(1) + "." + m.group(2) + "." + m.group(3);
                    if (i == 0) {
                        enhancedCode = found;
                    }
                    if (found.equals(enhancedCode)) {
                        line = line.substring(m.end());
                    }
                }
            }
            if (i > 0) {
                text.append('\n');
            }
            text.append(line);
        }
        return new SmtpReply(code, enhancedCode, text.toString());
    }
}
