package dev.mailroom.router.auth.dkim;

import java.io.ByteArrayOutputStream;

/** RFC 6376 section 3.4 "simple" and "relaxed" canonicalization of header fields and bodies. */
final class DkimCanonicalizer {

    private DkimCanonicalizer() {
    }

    /** A header field (raw, with final CRLF) canonicalized, final CRLF included. */
    static String header(String raw, boolean relaxed) {
        if (!relaxed) {
            return raw;
        }
        int colon = raw.indexOf(':');
        String name = raw.substring(0, colon).strip().toLowerCase(java.util.Locale.ROOT);
        String value = raw.substring(colon + 1).replace("\r\n", "");
        value = value.replaceAll("[ \t]+", " ").strip();
        return name + ":" + value + "\r\n";
    }

    /** The body canonicalized. */
    static byte[] body(byte[] body, boolean relaxed) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + 2);
        int start = 0;
        int pendingEmpty = 0;
        boolean any = false;
        while (start < body.length) {
            int end = indexOfCrlf(body, start);
            boolean terminated = end >= 0;
            int lineEnd = terminated ? end : body.length;
            byte[] line = relaxed ? relaxLine(body, start, lineEnd) : copy(body, start, lineEnd);
            if (line.length == 0 && terminated) {
                pendingEmpty++;
            } else {
                for (int i = 0; i < pendingEmpty; i++) {
                    out.write('\r');
                    out.write('\n');
                }
                pendingEmpty = 0;
                out.writeBytes(line);
                out.write('\r');
                out.write('\n');
                any = true;
            }
            start = terminated ? end + 2 : body.length;
        }
        if (!any && !relaxed) {
            return new byte[] {'\r', '\n'};
        }
        return out.toByteArray();
    }

    private static int indexOfCrlf(byte[] b, int from) {
        for (int i = from; i + 1 < b.length; i++) {
            if (b[i] == '\r' && b[i + 1] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private static byte[] copy(byte[] b, int from, int to) {
        byte[] out = new byte[to - from];
        System.arraycopy(b, from, out, 0, out.length);
        return out;
    }

    /** Relaxed: whitespace runs become one SP, trailing whitespace removed. */
    private static byte[] relaxLine(byte[] b, int from, int to) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(to - from);
        boolean inWsp = false;
        for (int i = from; i < to; i++) {
            byte c = b[i];
            if (c == ' ' || c == '\t') {
                inWsp = true;
            } else {
                if (inWsp) {
                    out.write(' ');
                    inWsp = false;
                }
                out.write(c);
            }
        }
        return out.toByteArray();
    }
}
