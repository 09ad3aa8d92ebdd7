package dev.mailroom.egress.mime;

import java.nio.charset.StandardCharsets;

/** Character checks shared by validation and encoding. */
final class Chars {

    static final String LINE_BREAK = "contains a line break";

    private Chars() {
    }

    /**
     * What keeps {@code s} out of a header line, or null: CR or LF (header injection), NUL, any other C0 control or
     * DEL (HTAB only when {@code allowTab}), or an unpaired surrogate (not encodable as UTF-8).
     */
    static String headerProblem(String s, boolean allowTab) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\r' || c == '\n') {
                return LINE_BREAK;
            }
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == 0) {
                return "contains a NUL character";
            }
            if ((c < 0x20 && !(allowTab && c == '\t')) || c == 0x7f) {
                return "contains a control character";
            }
        }
        return surrogateProblem(s);
    }

    /** "contains an unpaired surrogate" when {@code s} is not well-formed UTF-16, else null. */
    static String surrogateProblem(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++;
                    continue;
                }
                return "contains an unpaired surrogate";
            }
            if (Character.isLowSurrogate(c)) {
                return "contains an unpaired surrogate";
            }
        }
        return null;
    }

    static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    static boolean isWsp(char c) {
        return c == ' ' || c == '\t';
    }

    static int utf8Length(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    /** RFC 5322 atext. */
    static boolean isAtext(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || "!#$%&'*+-/=?^_`{|}~".indexOf(c) >= 0;
    }

    /** RFC 2045 token character: printable ASCII except SPACE and tspecials. */
    static boolean isTokenChar(char c) {
        return c > 0x20 && c < 0x7f && "()<>@,;:\\\"/[]?=".indexOf(c) < 0;
    }

    /** A message id without angle brackets: printable, no whitespace, no angle brackets (UTF-8 allowed). */
    static String msgIdProblem(String id, boolean asciiOnly) {
        if (id.isEmpty()) {
            return "is empty";
        }
        if (utf8Length(id) > MimeBuilder.MAX_ID) {
            return "is longer than " + MimeBuilder.MAX_ID + " octets";
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (c <= 0x20 || c == 0x7f || Character.isWhitespace(c) || Character.isSpaceChar(c)
                    || (c >= 0x80 && c < 0xa0)) {
                return "must not contain whitespace or control characters";
            }
            if (c == '<' || c == '>') {
                return "must not contain angle brackets";
            }
            if (asciiOnly && c >= 0x80) {
                return "must be ASCII";
            }
        }
        return null;
    }

    /** {@code id} without one pair of enclosing angle brackets. */
    static String unbracket(String id) {
        String t = id.strip();
        return t.length() >= 2 && t.startsWith("<") && t.endsWith(">") ? t.substring(1, t.length() - 1) : t;
    }
}
