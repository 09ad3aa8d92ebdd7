package dev.mailroom.mail.mime;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.mailroom.mail.address.HeaderText;

/** MIME header parameters: parsing a caller's content type, file names (RFC 2231) and the legacy name. */
final class Params {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();
    /** Percent-encoded characters per RFC 2231 segment, so a segment line stays within 78 characters. */
    private static final int SEGMENT = 56;

    private Params() {
    }

    /**
     * A content type: {@code type/subtype} and its parameters, each already written as {@code attribute=value}.
     */
    record ContentType(String mediaType, List<String> parameters) {

        String type() {
            return mediaType.substring(0, mediaType.indexOf('/')).toLowerCase(Locale.ROOT);
        }

        /** Whether a parameter of that name (case-insensitive, RFC 2231 forms included) is present. */
        boolean has(String attribute) {
            for (String p : parameters) {
                String a = p.substring(0, p.indexOf('=')).toLowerCase(Locale.ROOT);
                if (a.equals(attribute) || a.startsWith(attribute + "*")) {
                    return true;
                }
            }
            return false;
        }
    }

    /**
     * Parses {@code type/subtype *(";" attribute "=" (token / quoted-string))}, ASCII only, white space around the
     * separators allowed (dropped); null when it does not have that syntax.
     */
    static ContentType parseContentType(String s) {
        int[] pos = {0};
        skipWsp(s, pos);
        String type = token(s, pos);
        if (type == null || pos[0] >= s.length() || s.charAt(pos[0]) != '/') {
            return null;
        }
        pos[0]++;
        String subtype = token(s, pos);
        if (subtype == null) {
            return null;
        }
        List<String> parameters = new ArrayList<>();
        skipWsp(s, pos);
        while (pos[0] < s.length()) {
            if (s.charAt(pos[0]) != ';') {
                return null;
            }
            pos[0]++;
            skipWsp(s, pos);
            if (pos[0] == s.length()) {
                break; // a trailing ";" is harmless
            }
            String attribute = token(s, pos);
            skipWsp(s, pos);
            if (attribute == null || pos[0] >= s.length() || s.charAt(pos[0]) != '=') {
                return null;
            }
            pos[0]++;
            skipWsp(s, pos);
            String value = pos[0] < s.length() && s.charAt(pos[0]) == '"' ? quotedString(s, pos) : token(s, pos);
            if (value == null) {
                return null;
            }
            parameters.add(attribute + "=" + value);
            skipWsp(s, pos);
        }
        return new ContentType(type + "/" + subtype, List.copyOf(parameters));
    }

    private static void skipWsp(String s, int[] pos) {
        while (pos[0] < s.length() && Chars.isWsp(s.charAt(pos[0]))) {
            pos[0]++;
        }
    }

    private static String token(String s, int[] pos) {
        int start = pos[0];
        while (pos[0] < s.length() && Chars.isTokenChar(s.charAt(pos[0]))) {
            pos[0]++;
        }
        return pos[0] > start ? s.substring(start, pos[0]) : null;
    }

    /** A quoted-string of printable ASCII and white space, with its quotes; null when malformed. */
    private static String quotedString(String s, int[] pos) {
        int start = pos[0]++;
        while (pos[0] < s.length()) {
            char c = s.charAt(pos[0]++);
            if (c == '"') {
                return s.substring(start, pos[0]);
            }
            if (c == '\\') {
                if (pos[0] == s.length()) {
                    return null;
                }
                c = s.charAt(pos[0]++);
            }
            if (c >= 0x7f || (c < 0x20 && c != '\t')) {
                return null;
            }
        }
        return null;
    }

    /**
     * A file name parameter: ASCII as a quoted-string ({@code filename="a.pdf"}); otherwise RFC 2231 UTF-8
     * percent-encoding ({@code filename*=UTF-8''%E2%82%AC.pdf}), split into numbered continuations
     * ({@code filename*0*=...; filename*1*=...}) at code point boundaries when long.
     */
    static List<String> filename(String attribute, String value) {
        if (HeaderText.isAscii(value)) {
            return List.of(attribute + "=" + Mailboxes.quoted(value));
        }
        List<String> chunks = new ArrayList<>();
        StringBuilder chunk = new StringBuilder();
        for (int i = 0; i < value.length(); ) {
            int cp = value.codePointAt(i);
            i += Character.charCount(cp);
            String e = percent(Character.toString(cp));
            if (chunk.length() > 0 && chunk.length() + e.length() > SEGMENT) {
                chunks.add(chunk.toString());
                chunk.setLength(0);
            }
            chunk.append(e);
        }
        chunks.add(chunk.toString());
        if (chunks.size() == 1) {
            return List.of(attribute + "*=UTF-8''" + chunks.get(0));
        }
        List<String> parameters = new ArrayList<>();
        for (int i = 0; i < chunks.size(); i++) {
            parameters.add(attribute + "*" + i + "*=" + (i == 0 ? "UTF-8''" : "") + chunks.get(i));
        }
        return parameters;
    }

    /**
     * Percent-encoding with only ALPHA, DIGIT and {@code -._~} literal. "+" is encoded too: decoders built on
     * URL decoding would read it as a space.
     */
    static String percent(String s) {
        StringBuilder sb = new StringBuilder();
        for (byte x : s.getBytes(StandardCharsets.UTF_8)) {
            int b = x & 0xff;
            if ((b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9') || b == '-' || b == '.'
                    || b == '_' || b == '~') {
                sb.append((char) b);
            } else {
                sb.append('%').append(HEX[b >> 4]).append(HEX[b & 0xf]);
            }
        }
        return sb.toString();
    }

    /**
     * The legacy {@code name} parameter of Content-Type, as segments: a quoted-string, or for a non-ASCII name
     * RFC 2047 encoded-words inside the quotes (not standard, but what older clients read when they ignore
     * RFC 2231).
     */
    static List<String> legacyName(String value) {
        if (HeaderText.isAscii(value)) {
            return List.of("name=" + Mailboxes.quoted(value));
        }
        List<String> words = EncodedWords.encode(value, 66);
        List<String> segments = new ArrayList<>();
        for (int i = 0; i < words.size(); i++) {
            String w = words.get(i);
            segments.add((i == 0 ? "name=\"" : " ") + w + (i == words.size() - 1 ? "\"" : ""));
        }
        return segments;
    }
}
