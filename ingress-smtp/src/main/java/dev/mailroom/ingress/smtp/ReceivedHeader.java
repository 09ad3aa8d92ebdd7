package dev.mailroom.ingress.smtp;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * Our RFC 5321 section 4.4 trace header, prepended to the client's bytes only after {@link DataValidator} has
 * passed them (SubEthaSMTP's own {@code insertReceivedHeaders} is off: it would put our header in front of the
 * bytes the validator must judge, and it does a blocking reverse DNS lookup). Folded so that no line comes near 998
 * octets; the HELO name is reduced to printable ASCII and 255 characters; the {@code id} is the inbound id; the
 * protocol is {@code ESMTPS} when the session ran over STARTTLS (RFC 3848), else {@code SMTP}.
 */
final class ReceivedHeader {

    private static final DateTimeFormatter DATE = DateTimeFormatter
            .ofPattern("EEE, d MMM yyyy HH:mm:ss Z", Locale.US).withZone(ZoneOffset.UTC);
    private static final int MAX_TOKEN = 255;

    private ReceivedHeader() {
    }

    static byte[] prepend(byte[] content, String helo, String clientIp, String hostname, String inboundId,
            List<String> recipients, boolean tls, Instant receivedAt) {
        StringBuilder h = new StringBuilder(256);
        h.append("Received: from ").append(printable(helo)).append(" ([").append(clientIp).append("])\r\n");
        h.append("        by ").append(printable(hostname)).append(" (Mailroom)\r\n");
        h.append("        with ").append(tls ? "ESMTPS" : "SMTP").append(" id ").append(inboundId);
        if (recipients.size() == 1 && printable(recipients.get(0)).equals(recipients.get(0))) {
            h.append("\r\n        for <").append(recipients.get(0)).append('>');
        }
        h.append(";\r\n        ").append(DATE.format(receivedAt)).append("\r\n");
        byte[] header = h.toString().getBytes(StandardCharsets.US_ASCII);
        byte[] raw = new byte[header.length + content.length];
        System.arraycopy(header, 0, raw, 0, header.length);
        System.arraycopy(content, 0, raw, header.length, content.length);
        return raw;
    }

    /** Printable ASCII only (others become {@code ?}), at most 255 characters; {@code unknown} when empty. */
    static String printable(String s) {
        if (s == null || s.isEmpty()) {
            return "unknown";
        }
        StringBuilder out = new StringBuilder(Math.min(s.length(), MAX_TOKEN));
        for (int i = 0; i < s.length() && out.length() < MAX_TOKEN; i++) {
            char c = s.charAt(i);
            out.append(c > 0x20 && c < 0x7f ? c : '?');
        }
        return out.toString();
    }
}
