package dev.mailroom.mailbox.rest;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Safe headers for bytes that came from outside: a sanitised Content-Type (types a browser would run or render
 * actively become {@code application/octet-stream}) and an RFC 6266 Content-Disposition with an ASCII fallback
 * and the RFC 5987 UTF-8 form. The answers also carry {@code X-Content-Type-Options: nosniff} and
 * {@code Content-Security-Policy: sandbox} (see the resource).
 */
final class Downloads {

    private static final Pattern TYPE = Pattern.compile("[a-z0-9][a-z0-9!#$&^_.+-]{0,63}/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}");
    private static final Set<String> ACTIVE = Set.of("text/html", "application/xhtml+xml", "image/svg+xml",
            "text/xml", "application/xml", "text/javascript", "application/javascript", "application/ecmascript",
            "text/ecmascript", "application/x-shockwave-flash", "text/vtt", "application/pdf+html");

    private Downloads() {
    }

    /** The media type to answer with: the attachment's when it is a plain, passive type, else octet-stream. */
    static String contentType(String declared) {
        String type = declared == null ? "" : declared.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (!TYPE.matcher(type).matches() || ACTIVE.contains(type) || type.startsWith("multipart/")
                || type.contains("script") || type.endsWith("+xml")) {
            return "application/octet-stream";
        }
        return type;
    }

    /** {@code inline; filename=…}: as {@link #disposition}, for what the browser may show itself. */
    static String inline(String filename) {
        return "inline" + disposition(filename).substring("attachment".length());
    }

    /** {@code attachment; filename="<ascii>"; filename*=UTF-8''<pct-encoded>}. */
    static String disposition(String filename) {
        String name = filename == null || filename.isBlank() ? "attachment" : filename.strip();
        StringBuilder ascii = new StringBuilder();
        name.codePoints().forEach(c -> ascii.append(c >= 0x20 && c < 0x7f && c != '"' && c != '\\' && c != '/'
                ? (char) c : '_'));
        StringBuilder encoded = new StringBuilder();
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || "!#$&+-.^_`|~".indexOf(c) >= 0) {
                encoded.append((char) c);
            } else {
                encoded.append('%').append(String.format("%02X", c));
            }
        }
        return "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''" + encoded;
    }
}
