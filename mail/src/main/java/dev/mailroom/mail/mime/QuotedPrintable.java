package dev.mailroom.mail.mime;

/**
 * Quoted-printable encoding (RFC 2045 6.7) of text whose line breaks are CRLF: CRLF stays a hard line break;
 * printable ASCII other than "=" stays literal; SPACE and HTAB stay literal unless they end a line; every other
 * octet is "=XX" with upper-case hex. Encoded lines are at most 76 characters, soft line breaks ("=" CRLF) included,
 * and never split an "=XX" triplet.
 */
final class QuotedPrintable {

    static final int MAX_LINE = 76;
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private QuotedPrintable() {
    }

    static String encode(byte[] data) {
        StringBuilder out = new StringBuilder(data.length + data.length / 8 + 16);
        int lineLength = 0;
        int n = data.length;
        for (int i = 0; i < n; i++) {
            int b = data[i] & 0xff;
            if (b == '\r' && i + 1 < n && data[i + 1] == '\n') {
                out.append("\r\n");
                lineLength = 0;
                i++;
                continue;
            }
            boolean endsLine = i + 1 == n || (data[i + 1] == '\r' && i + 2 < n && data[i + 2] == '\n');
            boolean literal = (b >= 33 && b <= 126 && b != '=') || ((b == ' ' || b == '\t') && !endsLine);
            int width = literal ? 1 : 3;
            // the last character of a line may use column 76; any other must leave room for the soft break "="
            if (lineLength + width > (endsLine ? MAX_LINE : MAX_LINE - 1)) {
                out.append("=\r\n");
                lineLength = 0;
            }
            if (literal) {
                out.append((char) b);
            } else {
                out.append('=').append(HEX[b >> 4]).append(HEX[b & 0xf]);
            }
            lineLength += width;
        }
        return out.toString();
    }
}
