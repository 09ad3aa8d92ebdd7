package dev.mailroom.mail.dkim;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A message split into raw header fields and body, bytes kept exactly (ISO-8859-1 strings map bytes 1:1). Bare LF
 * line ends are read as CRLF.
 */
public final class RawMessage {

    /**
     * One header field.
     *
     * @param name the field name as written
     * @param raw  the whole field, folding and the final CRLF included
     */
    public record HeaderField(String name, String raw) {
        /** The field value: everything after the first colon, final CRLF removed. */
        public String value() {
            String v = raw.substring(raw.indexOf(':') + 1);
            return v.endsWith("\r\n") ? v.substring(0, v.length() - 2) : v;
        }

        public boolean is(String fieldName) {
            return name.equalsIgnoreCase(fieldName);
        }
    }

    private final List<HeaderField> headers;
    private final byte[] body;

    private RawMessage(List<HeaderField> headers, byte[] body) {
        this.headers = List.copyOf(headers);
        this.body = body;
    }

    /** Splits {@code raw} at the first empty line. */
    public static RawMessage parse(byte[] raw) {
        byte[] crlf = Canonicalization.crlf(raw);
        String text = new String(crlf, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        String head;
        byte[] body;
        if (text.startsWith("\r\n")) {
            head = "";
            body = slice(crlf, 2);
        } else if (end < 0) {
            head = text.endsWith("\r\n") ? text : text + "\r\n";
            body = new byte[0];
        } else {
            head = text.substring(0, end + 2);
            body = slice(crlf, end + 4);
        }
        List<HeaderField> fields = new ArrayList<>();
        StringBuilder current = null;
        for (String line : head.split("(?<=\r\n)")) {
            if (line.isEmpty()) {
                continue;
            }
            boolean continuation = line.charAt(0) == ' ' || line.charAt(0) == '\t';
            if (continuation && current != null) {
                current.append(line);
                continue;
            }
            if (current != null) {
                fields.add(field(current.toString()));
            }
            current = new StringBuilder(line);
        }
        if (current != null) {
            fields.add(field(current.toString()));
        }
        return new RawMessage(fields, body);
    }

    private static HeaderField field(String raw) {
        int colon = raw.indexOf(':');
        String name = colon < 0 ? raw.strip() : raw.substring(0, colon).strip();
        return new HeaderField(name, colon < 0 ? raw.stripTrailing() + ":\r\n" : raw);
    }

    private static byte[] slice(byte[] b, int from) {
        byte[] out = new byte[b.length - from];
        System.arraycopy(b, from, out, 0, out.length);
        return out;
    }

    /** All header fields, top to bottom. */
    public List<HeaderField> headers() {
        return headers;
    }

    /** Fields named {@code name} (case-insensitive), top to bottom. */
    public List<HeaderField> headers(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return headers.stream().filter(h -> h.name().toLowerCase(Locale.ROOT).equals(n)).toList();
    }

    /** The body bytes (CRLF line ends). */
    public byte[] body() {
        return body.clone();
    }

    byte[] bodyUnsafe() {
        return body;
    }
}
