package dev.mailroom.mail.address;

import java.nio.charset.StandardCharsets;

/** Character checks for text that goes into a header line: addresses, display names, field values. */
public final class HeaderText {

    /** The problem text for CR or LF in a value (header injection). */
    public static final String LINE_BREAK = "contains a line break";

    private HeaderText() {
    }

    /**
     * What keeps {@code s} out of a header line, or null: CR or LF (header injection), NUL, any other C0 control or
     * DEL (HTAB only when {@code allowTab}), or an unpaired surrogate (not encodable as UTF-8).
     */
    public static String headerProblem(String s, boolean allowTab) {
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
    public static String surrogateProblem(String s) {
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

    public static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    public static int utf8Length(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    /** RFC 5322 atext. */
    public static boolean isAtext(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || "!#$%&'*+-/=?^_`{|}~".indexOf(c) >= 0;
    }
}
