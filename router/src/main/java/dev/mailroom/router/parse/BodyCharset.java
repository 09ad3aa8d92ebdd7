package dev.mailroom.router.parse;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.Locale;

/**
 * Turns the decoded bytes of a text part into Unicode by the charset the part declares, and guesses where the
 * declaration is missing, ASCII or unknown: UTF-8 when the bytes are valid UTF-8, else windows-1252. ISO-8859-1 is
 * read as its superset windows-1252 (as browsers do), so curly quotes and the euro sign of mislabelled mail survive
 * instead of turning into C1 controls. Malformed input never fails: bad sequences become U+FFFD.
 */
final class BodyCharset {

    static final Charset WINDOWS_1252 = Charset.forName("windows-1252");

    private BodyCharset() {
    }

    static String decode(byte[] bytes, String declared) {
        Charset charset = resolve(declared);
        if (charset == null) {
            return guess(bytes);
        }
        return new String(bytes, charset);
    }

    /** The charset to use for a declared label, or null when the bytes must decide. */
    static Charset resolve(String declared) {
        if (declared == null || declared.isBlank()) {
            return null;
        }
        String label = declared.trim().toLowerCase(Locale.ROOT);
        if (label.startsWith("\"") && label.endsWith("\"") && label.length() > 1) {
            label = label.substring(1, label.length() - 1);
        }
        switch (label) {
            case "us-ascii", "ascii", "ansi_x3.4-1968", "us", "unknown-8bit", "x-unknown", "default" -> {
                return null;
            }
            case "iso-8859-1", "iso8859-1", "iso_8859-1", "latin1", "latin-1", "l1", "cp819" -> {
                return WINDOWS_1252;
            }
            default -> {
                try {
                    return Charset.forName(label);
                } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
                    return null;
                }
            }
        }
    }

    /** UTF-8 if the bytes are valid UTF-8 (ASCII included), else windows-1252. */
    static String guess(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            return new String(bytes, WINDOWS_1252);
        }
    }
}
