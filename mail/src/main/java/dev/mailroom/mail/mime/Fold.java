package dev.mailroom.mail.mime;

import java.util.ArrayList;
import java.util.List;

import dev.mailroom.mail.address.HeaderText;

/**
 * Header fields as folded lines. A field value is a list of segments: the first without leading white space, every
 * other starting with SP or HTAB. The writer keeps segments on one line while it stays within 78 characters and
 * otherwise breaks with CRLF before a segment, whose leading white space then starts the continuation line; so
 * unfolding (removing the CRLFs) gives back exactly the concatenated segments.
 */
final class Fold {

    static final int SOFT = 78;
    static final int HARD = 998;
    static final String CRLF = "\r\n";

    private Fold() {
    }

    static void field(StringBuilder out, String name, List<String> segments) {
        StringBuilder line = new StringBuilder(name).append(':');
        if (!segments.isEmpty()) {
            line.append(' ').append(segments.get(0));
        }
        for (int i = 1; i < segments.size(); i++) {
            String segment = segments.get(i);
            if (line.length() + segment.length() > SOFT) {
                out.append(line).append(CRLF);
                line.setLength(0);
            }
            line.append(segment);
        }
        out.append(line).append(CRLF);
    }

    static void field(StringBuilder out, String name, String value) {
        field(out, name, List.of(value));
    }

    /** Tokens separated by single spaces, each a possible fold point. */
    static List<String> tokens(List<String> tokens) {
        List<String> segments = new ArrayList<>(tokens.size());
        for (int i = 0; i < tokens.size(); i++) {
            segments.add(i == 0 ? tokens.get(i) : " " + tokens.get(i));
        }
        return segments;
    }

    /**
     * An ASCII value cut before the last white space character of every run of white space that follows other
     * text, so no continuation line is white space only.
     */
    static List<String> asciiSegments(String value) {
        List<String> segments = new ArrayList<>();
        if (value.isEmpty()) {
            return segments;
        }
        int start = 0;
        for (int i = 1; i + 1 < value.length(); i++) {
            if (Chars.isWsp(value.charAt(i)) && !Chars.isWsp(value.charAt(i + 1))) {
                segments.add(value.substring(start, i));
                start = i;
            }
        }
        segments.add(value.substring(start));
        return segments;
    }

    /**
     * An unstructured value (RFC 5322 3.2.5) as segments: ASCII as it is, otherwise RFC 2047 encoded-words (also
     * for ASCII that looks like an encoded-word when {@code encodeLookalikes}, and for ASCII that cannot be folded
     * within 998 octets when {@code encodeUnfoldable}). Null when the value is ASCII, cannot be folded and may not
     * be encoded.
     */
    static List<String> unstructured(String name, String value, boolean encodeLookalikes, boolean encodeUnfoldable) {
        boolean encode = encodeLookalikes ? EncodedWords.needed(value) : !HeaderText.isAscii(value);
        if (!encode) {
            List<String> segments = asciiSegments(value);
            if (fits(name, segments)) {
                return segments;
            }
            if (!encodeUnfoldable) {
                return null;
            }
        }
        return tokens(EncodedWords.encode(value, SOFT - name.length() - 2));
    }

    /** Whether no line of the folded field can exceed 998 octets (a line over 78 is one segment alone). */
    static boolean fits(String name, List<String> segments) {
        for (int i = 0; i < segments.size(); i++) {
            int prefix = i == 0 ? name.length() + 2 : 0;
            if (prefix + HeaderText.utf8Length(segments.get(i)) > HARD) {
                return false;
            }
        }
        return true;
    }
}
