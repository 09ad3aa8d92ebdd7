package dev.mailroom.router.parse;

/**
 * Cleans text that came from the outside world before an agent reads it. Everything a sender controls (subject,
 * display names, bodies, file names, header values) passes through here.
 * <p>
 * Line ends are normalised to LF: CRLF and a lone CR become LF, so agents see one convention whatever the sender's
 * mailer or the transfer encoding produced. Removed: C0 controls except TAB and LF, DEL, C1 controls
 * (U+0080–U+009F), and the Unicode bidirectional embedding, override and isolate characters (U+202A–U+202E,
 * U+2066–U+2069) that can make text display differently from what it says. Nothing else is changed: cleaned text
 * is still untrusted data, never instructions.
 */
public final class UntrustedText {

    private UntrustedText() {
    }

    /** Multi-line text (bodies): line ends normalised to LF, dangerous characters removed; null stays null. */
    public static String clean(String text) {
        if (text == null) {
            return null;
        }
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\r') {
                out.append('\n');
                if (i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
            } else if (c == '\n' || c == '\t' || !isRemoved(c)) {
                out.append(c);
            }
        }
        return out.toString();
    }

    /**
     * One-line text (subject, names, file names, header values): like {@link #clean} but any line break or tab
     * becomes a space and the result is trimmed, so a value can never smuggle in a new line; null stays null.
     */
    public static String cleanLine(String text) {
        if (text == null) {
            return null;
        }
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\r' || c == '\n' || c == '\t') {
                out.append(' ');
            } else if (!isRemoved(c)) {
                out.append(c);
            }
        }
        return out.toString().trim();
    }

    /** Whether {@code c} is removed from untrusted text (TAB, LF and CR are handled by the callers). */
    static boolean isRemoved(char c) {
        return c < 0x20 || (c >= 0x7f && c <= 0x9f) || (c >= '\u202a' && c <= '\u202e')
                || (c >= '\u2066' && c <= '\u2069');
    }
}
