package dev.mailroom.mail.mime;

import dev.mailroom.mail.address.HeaderText;

/** MIME character checks shared by validation and encoding (header text in general: {@link HeaderText}). */
final class Chars {

    private Chars() {
    }

    static boolean isWsp(char c) {
        return c == ' ' || c == '\t';
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
        if (HeaderText.utf8Length(id) > MimeBuilder.MAX_ID) {
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
