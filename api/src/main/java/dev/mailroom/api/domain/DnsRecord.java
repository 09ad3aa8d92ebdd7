package dev.mailroom.api.domain;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One DNS record a domain must publish.
 *
 * @param purpose  what it is for
 * @param name     owner name, absolute, without the trailing dot ({@code mr202611r._domainkey.example.org})
 * @param type     {@code MX} or {@code TXT}
 * @param value    the record's value as a person reads it: {@code 10 mx.example.net.} for MX, the whole text of a
 *                 TXT record (before it is split into character-strings)
 */
public record DnsRecord(Purpose purpose, String name, String type, String value) {

    /** Longest character-string of a TXT record, in octets (RFC 1035 §3.3: one length octet). */
    public static final int MAX_STRING_OCTETS = 255;

    /** What a record is for; {@link #tag()} is its JSON name. */
    public enum Purpose {
        MX("mx"), SPF("spf"), DKIM("dkim"), DMARC("dmarc"), MTA_STS("mta-sts"), TLS_RPT("tls-rpt");

        private final String tag;

        Purpose(String tag) {
            this.tag = tag;
        }

        public String tag() {
            return tag;
        }
    }

    public DnsRecord {
        Objects.requireNonNull(purpose, "purpose");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(value, "value");
    }

    public static DnsRecord txt(Purpose purpose, String name, String text) {
        return new DnsRecord(purpose, name, "TXT", text);
    }

    /** The record data in zone-file presentation: MX as is, TXT as quoted character-strings of at most 255 octets. */
    public String rdata() {
        return "TXT".equals(type) ? String.join(" ", quotedStrings(value)) : value;
    }

    /** The record as one zone-file line: {@code <name>. <ttl> IN <type> <rdata>}. */
    public String zoneLine(int ttl) {
        return name + ".\t" + ttl + "\tIN\t" + type + "\t" + rdata();
    }

    /** {@code text} as TXT character-strings: its UTF-8 octets cut every {@value #MAX_STRING_OCTETS}. */
    public static List<byte[]> characterStrings(String text) {
        byte[] octets = text.getBytes(StandardCharsets.UTF_8);
        List<byte[]> out = new ArrayList<>();
        for (int start = 0; start < octets.length || out.isEmpty(); start += MAX_STRING_OCTETS) {
            int end = Math.min(octets.length, start + MAX_STRING_OCTETS);
            byte[] piece = new byte[end - start];
            System.arraycopy(octets, start, piece, 0, piece.length);
            out.add(piece);
        }
        return out;
    }

    /**
     * {@code text} as zone-file quoted strings (RFC 1035 §5.1): each at most {@value #MAX_STRING_OCTETS} octets
     * before quoting, {@code "} and {@code \} escaped with a backslash, octets outside printable ASCII as
     * {@code \DDD}.
     */
    public static List<String> quotedStrings(String text) {
        List<String> out = new ArrayList<>();
        for (byte[] piece : characterStrings(text)) {
            ByteArrayOutputStream quoted = new ByteArrayOutputStream(piece.length + 2);
            quoted.write('"');
            for (byte b : piece) {
                int c = b & 0xff;
                if (c == '"' || c == '\\') {
                    quoted.write('\\');
                    quoted.write(c);
                } else if (c < 0x20 || c > 0x7e) {
                    quoted.writeBytes(String.format("\\%03d", c).getBytes(StandardCharsets.US_ASCII));
                } else {
                    quoted.write(c);
                }
            }
            quoted.write('"');
            out.add(quoted.toString(StandardCharsets.US_ASCII));
        }
        return out;
    }
}
