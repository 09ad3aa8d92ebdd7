package dev.mailroom.mail.spf;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/** RFC 7208 section 7 macro syntax check and expansion. */
final class SpfMacro {

    private static final String DELIMITERS = ".-+,/_=";

    /** Supplies the value of one macro letter (lower case). */
    interface Values {
        String value(char letter) throws SpfTempError;
    }

    private SpfMacro() {
    }

    /** Checks the syntax of a macro-string (or explain-string when {@code explanation}). */
    static void validate(String spec, boolean explanation) throws SpfPermError {
        try {
            expand(spec, letter -> "x", explanation);
        } catch (SpfTempError e) {
            throw new IllegalStateException(e);
        }
    }

    /** Expands {@code spec}; {@code c r t} are only allowed in explanations. */
    static String expand(String spec, Values values, boolean explanation) throws SpfPermError, SpfTempError {
        StringBuilder out = new StringBuilder();
        int i = 0;
        int n = spec.length();
        while (i < n) {
            char ch = spec.charAt(i);
            if (ch != '%') {
                if (ch < 0x21 || ch > 0x7e) {
                    if (!(explanation && ch == ' ')) {
                        throw new SpfPermError("invalid character in macro-string");
                    }
                }
                out.append(ch);
                i++;
                continue;
            }
            if (i + 1 >= n) {
                throw new SpfPermError("dangling % in macro-string");
            }
            char next = spec.charAt(i + 1);
            switch (next) {
                case '%' -> {
                    out.append('%');
                    i += 2;
                }
                case '_' -> {
                    out.append(' ');
                    i += 2;
                }
                case '-' -> {
                    out.append("%20");
                    i += 2;
                }
                case '{' -> {
                    int close = spec.indexOf('}', i + 2);
                    if (close < 0) {
                        throw new SpfPermError("unterminated macro");
                    }
                    out.append(expandOne(spec.substring(i + 2, close), values, explanation));
                    i = close + 1;
                }
                default -> throw new SpfPermError("invalid macro %" + next);
            }
        }
        return out.toString();
    }

    private static String expandOne(String body, Values values, boolean explanation)
            throws SpfPermError, SpfTempError {
        if (body.isEmpty()) {
            throw new SpfPermError("empty macro");
        }
        char letterRaw = body.charAt(0);
        char letter = Character.toLowerCase(letterRaw);
        boolean escape = Character.isUpperCase(letterRaw);
        if ("slodiphv".indexOf(letter) < 0 && !(explanation && "crt".indexOf(letter) >= 0)) {
            throw new SpfPermError("invalid macro letter " + letterRaw);
        }
        int i = 1;
        int digitsStart = i;
        while (i < body.length() && Character.isDigit(body.charAt(i))) {
            i++;
        }
        int keep = -1;
        if (i > digitsStart) {
            String digits = body.substring(digitsStart, i);
            keep = digits.length() > 3 ? 1000 : Integer.parseInt(digits);
            if (keep == 0) {
                throw new SpfPermError("macro digit transformer 0");
            }
        }
        boolean reverse = false;
        if (i < body.length() && (body.charAt(i) == 'r' || body.charAt(i) == 'R')) {
            reverse = true;
            i++;
        }
        String delims = body.substring(i);
        for (char d : delims.toCharArray()) {
            if (DELIMITERS.indexOf(d) < 0) {
                throw new SpfPermError("invalid macro delimiter " + d);
            }
        }
        if (delims.isEmpty()) {
            delims = ".";
        }
        String value = values.value(letter);
        if (keep > 0 || reverse || !delims.equals(".")) {
            List<String> parts = split(value, delims);
            if (reverse) {
                Collections.reverse(parts);
            }
            if (keep > 0 && keep < parts.size()) {
                parts = parts.subList(parts.size() - keep, parts.size());
            }
            value = String.join(".", parts);
        }
        return escape ? urlEscape(value) : value;
    }

    private static List<String> split(String value, String delims) {
        List<String> parts = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (char c : value.toCharArray()) {
            if (delims.indexOf(c) >= 0) {
                parts.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        parts.add(cur.toString());
        return parts;
    }

    private static String urlEscape(String value) {
        StringBuilder out = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
                    || c == '_' || c == '~') {
                out.append((char) c);
            } else {
                out.append('%').append(String.format(Locale.ROOT, "%02X", c));
            }
        }
        return out.toString();
    }
}
