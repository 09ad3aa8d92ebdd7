package dev.mailroom.egress.dkim;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * The "relaxed" canonicalisation algorithms of RFC 6376 §3.4.2 (header) and §3.4.4 (body). Text is handled as
 * ISO-8859-1 strings so that every byte, UTF-8 included, maps to one char and back unchanged.
 */
final class Canonicalization {

    private Canonicalization() {
    }

    /**
     * Relaxed header canonicalisation of one header field, without the trailing CRLF: the name lower-cased, the value
     * unfolded, runs of WSP reduced to one SP, WSP before and after the colon and at the end of the value deleted.
     *
     * @param field the raw field, {@code name ":" value} with any folding CRLFs, without its final CRLF
     */
    static String relaxedHeader(String field) {
        int colon = field.indexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("not a header field: " + field);
        }
        StringBuilder out = new StringBuilder(field.length());
        int nameEnd = colon;
        while (nameEnd > 0 && isWsp(field.charAt(nameEnd - 1))) {
            nameEnd--;
        }
        for (int i = 0; i < nameEnd; i++) {
            char c = field.charAt(i);
            out.append(c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c);
        }
        out.append(':');
        boolean pendingSpace = false;
        boolean valueStarted = false;
        for (int i = colon + 1; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\r' || c == '\n') {
                continue; // unfold: continuation lines lose their line break
            }
            if (isWsp(c)) {
                pendingSpace = valueStarted;
                continue;
            }
            if (pendingSpace) {
                out.append(' ');
                pendingSpace = false;
            }
            out.append(c);
            valueStarted = true;
        }
        return out.toString();
    }

    /**
     * Relaxed body canonicalisation of {@code buf[off, end)}, written to {@code out}: WSP at line ends removed, other
     * runs of WSP reduced to one SP, empty lines at the end removed, a missing final CRLF added to a non-empty body.
     * An empty body (or one of empty lines only) canonicalises to nothing (RFC 6376 §3.4.4 and erratum 1384;
     * the "an empty body is CRLF" rule belongs to "simple" only).
     */
    static void relaxedBody(byte[] buf, int off, int end, OutputStream out) {
        try {
            int emptyLines = 0;
            int lineStart = off;
            while (lineStart < end) {
                int lineEnd = lineStart;
                while (lineEnd < end && !(buf[lineEnd] == '\r' && lineEnd + 1 < end && buf[lineEnd + 1] == '\n')) {
                    lineEnd++;
                }
                // a last line without CRLF is treated as if it had one
                int contentEnd = lineEnd;
                while (contentEnd > lineStart && isWsp(buf[contentEnd - 1])) {
                    contentEnd--;
                }
                if (contentEnd == lineStart) {
                    emptyLines++;
                } else {
                    for (; emptyLines > 0; emptyLines--) {
                        out.write(CRLF);
                    }
                    writeCompressed(buf, lineStart, contentEnd, out);
                    out.write(CRLF);
                }
                lineStart = lineEnd + 2;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes {@code buf[from, to)} with every run of WSP replaced by one SP. */
    private static void writeCompressed(byte[] buf, int from, int to, OutputStream out) throws IOException {
        int runStart = from;
        int i = from;
        while (i < to) {
            if (isWsp(buf[i])) {
                out.write(buf, runStart, i - runStart);
                out.write(' ');
                while (i < to && isWsp(buf[i])) {
                    i++;
                }
                runStart = i;
            } else {
                i++;
            }
        }
        out.write(buf, runStart, to - runStart);
    }

    private static final byte[] CRLF = {'\r', '\n'};

    static boolean isWsp(int c) {
        return c == ' ' || c == '\t';
    }
}
