package dev.mailroom.mail.dkim;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Locale;

/**
 * The canonicalisation algorithms of RFC 6376 §3.4, "simple" and "relaxed", for header fields and bodies: the one
 * implementation the signer and the verifier share. Text is handled as ISO-8859-1 strings so that every byte, UTF-8
 * included, maps to one char and back unchanged.
 */
final class Canonicalization {

    private static final byte[] CRLF = {'\r', '\n'};

    private Canonicalization() {
    }

    /**
     * A header field canonicalised, its final CRLF kept: as it is for "simple", {@link #relaxedHeader} for
     * "relaxed".
     *
     * @param raw the whole field with any folding and its final CRLF
     */
    static String header(String raw, boolean relaxed) {
        if (!relaxed) {
            return raw;
        }
        String field = raw.endsWith("\r\n") ? raw.substring(0, raw.length() - 2) : raw;
        return relaxedHeader(field) + "\r\n";
    }

    /**
     * Relaxed header canonicalisation of one header field, without the trailing CRLF: the name lower-cased and
     * trimmed, the value unfolded (CRLF pairs removed), runs of WSP reduced to one SP, white space at both ends of the
     * value deleted (as {@link String#strip()} sees it: WSP, and also stray CR, LF or other control white space, as
     * dkimpy does).
     *
     * @param field the raw field, {@code name ":" value} with any folding CRLFs, without its final CRLF
     */
    static String relaxedHeader(String field) {
        int colon = field.indexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("not a header field: " + field);
        }
        StringBuilder value = new StringBuilder(field.length() - colon);
        boolean inWsp = false;
        for (int i = colon + 1; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\r' && i + 1 < field.length() && field.charAt(i + 1) == '\n') {
                i++; // unfold: continuation lines lose their line break
                continue;
            }
            if (isWsp(c)) {
                inWsp = true;
                continue;
            }
            if (inWsp) {
                value.append(' ');
                inWsp = false;
            }
            value.append(c);
        }
        return field.substring(0, colon).strip().toLowerCase(Locale.ROOT) + ":" + value.toString().strip();
    }

    /** The body canonicalised ("simple" or "relaxed"), as bytes. */
    static byte[] body(byte[] body, boolean relaxed) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + 2);
        body(body, 0, body.length, relaxed, out);
        return out.toByteArray();
    }

    /**
     * Body canonicalisation of {@code buf[off, end)}, written to {@code out}. Both algorithms remove empty lines at
     * the end and add a missing final CRLF to a last line; "relaxed" also removes WSP at line ends and reduces other
     * runs of WSP to one SP. An empty body is CRLF for "simple" and nothing for "relaxed" (RFC 6376 §3.4.3, §3.4.4
     * and erratum 1384).
     */
    static void body(byte[] buf, int off, int end, boolean relaxed, OutputStream out) {
        try {
            int emptyLines = 0;
            boolean any = false;
            int lineStart = off;
            while (lineStart < end) {
                int lineEnd = indexOfCrlf(buf, lineStart, end);
                if (lineEnd < 0) {
                    lineEnd = end; // a last line without CRLF is treated as if it had one
                }
                int contentEnd = lineEnd;
                if (relaxed) {
                    while (contentEnd > lineStart && isWsp(buf[contentEnd - 1])) {
                        contentEnd--;
                    }
                }
                if (contentEnd == lineStart) {
                    emptyLines++;
                } else {
                    for (; emptyLines > 0; emptyLines--) {
                        out.write(CRLF);
                    }
                    if (relaxed) {
                        writeCompressed(buf, lineStart, contentEnd, out);
                    } else {
                        out.write(buf, lineStart, contentEnd - lineStart);
                    }
                    out.write(CRLF);
                    any = true;
                }
                lineStart = lineEnd + 2;
            }
            if (!any && !relaxed) {
                out.write(CRLF);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Relaxed body canonicalisation of {@code buf[off, end)}, written to {@code out}. */
    static void relaxedBody(byte[] buf, int off, int end, OutputStream out) {
        body(buf, off, end, true, out);
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

    /** The index of the next CRLF in {@code buf[from, end)}, or -1. */
    static int indexOfCrlf(byte[] buf, int from, int end) {
        for (int i = from; i + 1 < end; i++) {
            if (buf[i] == '\r' && buf[i + 1] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /** The message with every LF not preceded by CR turned into CRLF; the same array when there is none. */
    static byte[] crlf(byte[] message) {
        int bare = 0;
        for (int i = 0; i < message.length; i++) {
            if (message[i] == '\n' && (i == 0 || message[i - 1] != '\r')) {
                bare++;
            }
        }
        if (bare == 0) {
            return message;
        }
        byte[] out = new byte[message.length + bare];
        int o = 0;
        for (int i = 0; i < message.length; i++) {
            if (message[i] == '\n' && (i == 0 || message[i - 1] != '\r')) {
                out[o++] = '\r';
            }
            out[o++] = message[i];
        }
        return out;
    }

    static boolean isWsp(int c) {
        return c == ' ' || c == '\t';
    }
}
