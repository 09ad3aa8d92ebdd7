package dev.mailroom.egress.delivery;

import java.nio.charset.StandardCharsets;

/** Wire encodings for the client: dot-stuffing of the message, xtext, envelope address checks. */
final class SmtpData {

    private SmtpData() {
    }

    /** The message as sent after DATA (without the final {@code .CRLF}) and its size for the SIZE parameter. */
    record Prepared(byte[] stuffed, long size) {
    }

    /**
     * Appends CRLF if the message does not end with one, then doubles a '.' that starts a line (RFC 5321 §4.5.2).
     * Against SMTP smuggling, a line also starts after a bare LF or a bare CR, which some servers take as line ends:
     * a '.' there is doubled too, so no reading of the bytes can see the end of data before the real one.
     */
    static Prepared prepare(byte[] data) {
        int n = data.length;
        boolean endsWithCrlf = n >= 2 && data[n - 2] == '\r' && data[n - 1] == '\n';
        long size = endsWithCrlf ? n : n + 2L;
        int dots = 0;
        for (int i = 0; i < n; i++) {
            if (data[i] == '.' && lineStart(data, i)) {
                dots++;
            }
        }
        byte[] out = new byte[Math.toIntExact(size + dots)];
        int o = 0;
        for (int i = 0; i < n; i++) {
            if (data[i] == '.' && lineStart(data, i)) {
                out[o++] = '.';
            }
            out[o++] = data[i];
        }
        if (!endsWithCrlf) {
            out[o++] = '\r';
            out[o++] = '\n';
        }
        return new Prepared(out, size);
    }

    private static boolean lineStart(byte[] data, int i) {
        if (i == 0) {
            return true;
        }
        byte previous = data[i - 1];
        return previous == '\n' || previous == '\r';
    }

    /** RFC 3461 §4 xtext: '+', '=' and characters outside '!'..'~' as {@code +HH}. */
    static String xtext(String value) {
        StringBuilder b = new StringBuilder();
        for (byte raw : value.getBytes(StandardCharsets.UTF_8)) {
            int c = raw & 0xff;
            if (c >= '!' && c <= '~' && c != '+' && c != '=') {
                b.append((char) c);
            } else {
                b.append('+').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
            }
        }
        return b.toString();
    }

    /**
     * Rejects what would break the command line or inject commands: control characters (CR, LF, NUL ...), spaces,
     * angle brackets.
     */
    static void checkAddress(String address, boolean allowEmpty) {
        if (address == null || (address.isEmpty() && !allowEmpty)) {
            throw new IllegalArgumentException("empty envelope address");
        }
        for (int i = 0; i < address.length(); i++) {
            char c = address.charAt(i);
            if (c <= ' ' || c == 127 || c == '<' || c == '>') {
                throw new IllegalArgumentException(
                        "envelope address contains a forbidden character: " + ReplyParser.printable(address));
            }
        }
    }

    static boolean ascii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) > 127) {
                return false;
            }
        }
        return true;
    }
}
