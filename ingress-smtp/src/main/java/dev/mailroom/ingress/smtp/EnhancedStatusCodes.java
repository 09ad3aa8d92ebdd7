package dev.mailroom.ingress.smtp;

import java.util.regex.Pattern;

/**
 * RFC 2034 / RFC 3463 enhanced status codes for the replies SubEthaSMTP 7.1.7 writes itself ({@code 250 Ok},
 * {@code 221 Bye}, {@code 500}, {@code 501}, {@code 503}...): a pure function of the verb being answered and the
 * reply line, applied to every line {@link ReplyFilter} sees on the way to the client. Our own replies
 * ({@link SmtpOutcome}) carry their code already and are left as they are.
 *
 * <p>Left untouched: lines that already carry an enhanced code, the greeting (a {@code 220} with no command being
 * answered), every reply to {@code EHLO}/{@code HELO} (RFC 2034 section 3), {@code 3xx} replies ({@code 354},
 * {@code 334}), and anything that is not a reply line.
 */
final class EnhancedStatusCodes {

    /** A reply line that already carries an enhanced status code. */
    static final Pattern ENHANCED = Pattern.compile("^\\d{3}[ -][245]\\.\\d{1,3}\\.\\d{1,3}( |$)");

    private EnhancedStatusCodes() {
    }

    /**
     * The enhanced code for a reply without one.
     *
     * @param verb the command being answered (upper case), null when none (greeting, unknown command, a session-level
     *             error such as a timeout or a bad command line)
     * @param code the reply code
     * @param text the reply text after the code and separator
     * @return the enhanced code, or null when the reply gets none
     */
    static String code(String verb, int code, String text) {
        if ("EHLO".equals(verb) || "HELO".equals(verb)) {
            return null;
        }
        return switch (code / 100) {
        case 2 -> success(verb, code);
        case 4 -> transient_(verb, code, text);
        case 5 -> permanent(verb, code, text);
        default -> null; // 354, 334: intermediate replies carry no enhanced code
        };
    }

    private static String success(String verb, int code) {
        if (code == 220 && verb == null) {
            return null; // the greeting
        }
        return switch (code) {
        case 235 -> "2.7.0";
        case 250 -> "MAIL".equals(verb) ? "2.1.0" : "RCPT".equals(verb) ? "2.1.5" : "2.0.0";
        default -> "2.0.0"; // 214 HELP, 220 STARTTLS, 221 QUIT
        };
    }

    private static String transient_(String verb, int code, String text) {
        String t = text.toLowerCase(java.util.Locale.ROOT);
        return switch (code) {
        case 421 -> t.contains("timeout") ? "4.4.2" : t.contains("too many connections") ? "4.7.0" : "4.3.0";
        case 451 -> "4.3.0";
        case 452 -> "RCPT".equals(verb) || t.contains("recipients") ? "4.5.3" : "4.3.1";
        case 454 -> t.contains("not available") ? "4.3.0" : "4.7.0";
        default -> "4.0.0";
        };
    }

    private static String permanent(String verb, int code, String text) {
        return switch (code) {
        case 500 -> "5.5.2";
        // without a command: the command line itself (bare CR/LF, too long, bad UTF-8)
        case 501 -> verb == null ? "5.5.2"
                : "AUTH".equals(verb) && text.toLowerCase(java.util.Locale.ROOT).contains("cancel") ? "5.7.0"
                : "5.5.4";
        case 502, 503 -> "5.5.1";
        case 504 -> "5.5.4";
        case 530 -> "5.7.0";
        case 535 -> "5.7.8";
        case 552 -> "5.3.4";
        case 553 -> "MAIL".equals(verb) ? "5.1.7" : "5.1.3";
        default -> "5.0.0";
        };
    }

    /**
     * One reply line, without its line ending, with the enhanced code inserted after {@code NNN } or {@code NNN-}
     * where {@link #code} gives one; otherwise the line as it was.
     */
    static String rewrite(String verb, String line) {
        if (line.length() < 3 || !Character.isDigit(line.charAt(0)) || !Character.isDigit(line.charAt(1))
                || !Character.isDigit(line.charAt(2))) {
            return line;
        }
        if (line.length() > 3 && line.charAt(3) != ' ' && line.charAt(3) != '-') {
            return line;
        }
        if (ENHANCED.matcher(line).find()) {
            return line;
        }
        String text = line.length() > 4 ? line.substring(4) : "";
        String enhanced = code(verb, Integer.parseInt(line.substring(0, 3)), text);
        if (enhanced == null) {
            return line;
        }
        char separator = line.length() > 3 ? line.charAt(3) : ' ';
        return line.substring(0, 3) + separator + enhanced + (text.isEmpty() ? "" : " " + text);
    }
}
