package dev.mailroom.mail.mime;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

import dev.mailroom.contract.OutboundRequest;

/**
 * A message its sender built (SMTP submission, {@link OutboundRequest#raw()}): sent as it is, after the checks a
 * submission server owes the recipients (RFC 6409 §8): a header section with a From field, lines of at most 998
 * octets, CRLF line ends (a bare LF is taken as a line end, a bare CR refused), and {@code Date} and
 * {@code Message-ID} added at the top when missing. Nothing else of the message is changed, so signatures of the
 * sender survive.
 */
public final class RawMessage {

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss Z",
            Locale.ROOT);

    private RawMessage() {
    }

    /** The problems of the raw fields of {@code request}, each naming its JSON field; empty when none. */
    public static List<Violation> problems(OutboundRequest request) {
        List<Violation> v = new ArrayList<>();
        if (!request.subject().isEmpty() || request.text() != null || request.html() != null
                || !request.attachments().isEmpty() || !request.headers().isEmpty()) {
            v.add(new Violation("raw", "a raw message carries its own subject, body, attachments and headers"));
        }
        if (request.allRecipients().isEmpty()) {
            v.add(new Violation("to", "at least one recipient (to, cc or bcc) is required"));
        }
        byte[] bytes;
        try {
            bytes = decode(request.raw());
        } catch (IllegalArgumentException e) {
            v.add(new Violation("raw", "is not base64"));
            return List.copyOf(v);
        }
        String problem = wireProblem(bytes);
        if (problem == null && headerValue(bytes, "From") == null) {
            problem = "has no From header field";
        }
        if (problem != null) {
            v.add(new Violation("raw", problem));
        }
        return List.copyOf(v);
    }

    /**
     * The message to send: the raw bytes with CRLF line ends, {@code Date} and {@code Message-ID} prepended when
     * missing.
     *
     * @param messageIdIfMissing the Message-ID, with angle brackets, to add when the message has none
     * @throws InvalidMessageException when {@link #problems} is not empty
     */
    public static BuiltMessage prepare(OutboundRequest request, String messageIdIfMissing, ZonedDateTime now) {
        List<Violation> violations = problems(request);
        if (!violations.isEmpty()) {
            throw new InvalidMessageException(violations);
        }
        byte[] bytes = crlf(decode(request.raw()));
        StringBuilder added = new StringBuilder();
        if (headerValue(bytes, "Date") == null) {
            added.append("Date: ").append(DATE.format(now)).append("\r\n");
        }
        if (headerValue(bytes, "Message-ID") == null) {
            added.append("Message-ID: ").append(messageIdIfMissing).append("\r\n");
        }
        byte[] prefix = added.toString().getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[prefix.length + bytes.length];
        System.arraycopy(prefix, 0, out, 0, prefix.length);
        System.arraycopy(bytes, 0, out, prefix.length, bytes.length);
        int headerEnd = headerEnd(out);
        return new BuiltMessage(out, anyEightBit(out, 0, headerEnd), anyEightBit(out, headerEnd, out.length));
    }

    /**
     * The Message-ID of a prepared message, with angle brackets, unfolded and trimmed; null when it has none.
     */
    public static String messageId(byte[] message) {
        String value = headerValue(message, "Message-ID");
        return value == null ? null : value.replaceAll("\\s+", "");
    }

    /**
     * The unfolded value of the first header field called {@code name} (case-insensitive), or null. Header octets
     * are read as UTF-8 (RFC 6532).
     */
    static String headerValue(byte[] message, String name) {
        String header = new String(message, 0, headerEnd(message), StandardCharsets.UTF_8);
        String[] lines = header.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            int colon = line.indexOf(':');
            if (colon <= 0 || line.charAt(0) == ' ' || line.charAt(0) == '\t'
                    || !line.substring(0, colon).trim().equalsIgnoreCase(name)) {
                continue;
            }
            StringBuilder value = new StringBuilder(line.substring(colon + 1));
            for (int j = i + 1; j < lines.length && !lines[j].isEmpty()
                    && (lines[j].charAt(0) == ' ' || lines[j].charAt(0) == '\t'); j++) {
                value.append(' ').append(lines[j].trim());
            }
            return value.toString().trim();
        }
        return null;
    }

    /** Offset just past the blank line that ends the header section; the whole message when there is none. */
    private static int headerEnd(byte[] m) {
        for (int i = 0; i < m.length; i++) {
            if (m[i] == '\n' && (i + 1 < m.length && m[i + 1] == '\n')) {
                return i + 2;
            }
            if (m[i] == '\n' && i + 2 < m.length && m[i + 1] == '\r' && m[i + 2] == '\n') {
                return i + 3;
            }
        }
        return m.length;
    }

    private static String wireProblem(byte[] bytes) {
        if (bytes.length == 0) {
            return "is empty";
        }
        int lineLength = 0;
        for (int i = 0; i < bytes.length; i++) {
            byte b = bytes[i];
            if (b == 0) {
                return "contains a NUL octet at " + i;
            }
            if (b == '\r') {
                if (i + 1 >= bytes.length || bytes[i + 1] != '\n') {
                    return "contains a bare CR at octet " + i;
                }
                continue;
            }
            if (b == '\n') {
                lineLength = 0;
            } else if (++lineLength > 998) {
                return "has a line over 998 octets at octet " + i;
            }
        }
        if (headerEnd(bytes) == bytes.length && bytes[0] != '\r') {
            int colon = new String(bytes, StandardCharsets.ISO_8859_1).indexOf(':');
            if (colon <= 0) {
                return "has no header section";
            }
        }
        return null;
    }

    /** Strict base64 (RFC 4648), line breaks and spaces allowed between characters. */
    private static byte[] decode(String base64) {
        return Base64.getDecoder().decode(base64.replaceAll("\\s+", ""));
    }

    /** Every line end made CRLF (bare LF included), and a final CRLF added when missing. */
    private static byte[] crlf(byte[] in) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(in.length + 64);
        for (int i = 0; i < in.length; i++) {
            byte b = in[i];
            if (b == '\n' && (i == 0 || in[i - 1] != '\r')) {
                out.write('\r');
            }
            out.write(b);
        }
        if (in.length > 0 && in[in.length - 1] != '\n') {
            out.write('\r');
            out.write('\n');
        }
        return out.toByteArray();
    }

    private static boolean anyEightBit(byte[] m, int from, int to) {
        for (int i = from; i < to; i++) {
            if (m[i] < 0) {
                return true;
            }
        }
        return false;
    }
}
