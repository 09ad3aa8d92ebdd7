package dev.mailroom.egress.delivery;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits the bytes a server sends into replies (RFC 5321 §4.2.1): lines ending in LF (CR before it optional), each
 * {@code ddd-text} (more lines follow) or {@code ddd text} / {@code ddd} (last line). A reply, including a line not
 * yet ended, may take at most {@link #MAX_REPLY_BYTES}, so a hostile server cannot make the client buffer without
 * bound.
 */
final class ReplyParser {

    static final int MAX_REPLY_BYTES = 64 * 1024;

    /** A complete reply before enhanced-code interpretation. */
    record RawReply(int code, List<String> lines) {
        SmtpReply toReply(boolean enhanced) {
            return SmtpReply.of(code, lines, enhanced);
        }
    }

    private byte[] partial = new byte[256];
    private int partialLength;
    private List<String> lines = new ArrayList<>();
    private int replyBytes;
    private int code = -1;

    /** Consumes bytes and returns the replies they complete, in order (often none). */
    List<RawReply> feed(byte[] in) throws IOException {
        List<RawReply> complete = List.of();
        int start = 0;
        for (int i = 0; i < in.length; i++) {
            if (in[i] == '\n') {
                append(in, start, i);
                start = i + 1;
                RawReply reply = line(takeLine());
                if (reply != null) {
                    if (complete.isEmpty()) {
                        complete = new ArrayList<>(2);
                    }
                    complete.add(reply);
                }
            }
        }
        append(in, start, in.length);
        return complete;
    }

    /** Bytes received that do not yet form a complete reply. */
    int buffered() {
        return partialLength + replyBytes;
    }

    private void append(byte[] in, int from, int to) throws IOException {
        int n = to - from;
        if (n == 0) {
            return;
        }
        if (replyBytes + partialLength + n > MAX_REPLY_BYTES) {
            throw new IOException("reply longer than " + MAX_REPLY_BYTES + " bytes");
        }
        if (partialLength + n > partial.length) {
            partial = java.util.Arrays.copyOf(partial, Math.max(partial.length * 2, partialLength + n));
        }
        System.arraycopy(in, from, partial, partialLength, n);
        partialLength += n;
    }

    private String takeLine() {
        int n = partialLength;
        if (n > 0 && partial[n - 1] == '\r') {
            n--;
        }
        String line = new String(partial, 0, n, StandardCharsets.UTF_8);
        replyBytes += partialLength + 1;
        partialLength = 0;
        return line;
    }

    private RawReply line(String line) throws IOException {
        if (line.length() < 3 || !digit(line.charAt(0), '2', '5') || !digit(line.charAt(1), '0', '9')
                || !digit(line.charAt(2), '0', '9')) {
            throw new IOException("malformed reply line: " + printable(line));
        }
        char separator = line.length() > 3 ? line.charAt(3) : ' ';
        if (separator != ' ' && separator != '-') {
            throw new IOException("malformed reply line: " + printable(line));
        }
        int lineCode = Integer.parseInt(line, 0, 3, 10);
        if (code < 0) {
            code = lineCode;
        }
        lines.add(line.length() > 4 ? line.substring(4) : "");
        if (separator == '-') {
            return null;
        }
        RawReply reply = new RawReply(code, List.copyOf(lines));
        lines = new ArrayList<>();
        replyBytes = 0;
        code = -1;
        return reply;
    }

    private static boolean digit(char c, char min, char max) {
        return c >= min && c <= max;
    }

    static String printable(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length() && b.length() < 200; i++) {
            char c = s.charAt(i);
            b.append(c < ' ' || c == 127 ? '?' : c);
        }
        return b.toString();
    }
}
