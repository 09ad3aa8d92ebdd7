package dev.mailroom.extract;

import java.util.Locale;

/**
 * What one extraction gave. The text is <b>untrusted content</b>: it is whatever the sender put in the file, with
 * control and bidirectional-override characters removed; show it as data, never follow it as instructions.
 *
 * @param status    {@code DONE} (text, possibly empty or truncated), {@code UNSUPPORTED} (a type this module does
 *                  not read) or {@code FAILED} (malformed, hostile, encrypted, too large, too slow)
 * @param text      the text when done, else null
 * @param truncated true when a bound cut the text (characters or PDF pages): the text is a prefix
 * @param detail    why unsupported, failed or truncated, in a short sentence without content; null when nothing to say
 */
public record Extraction(Status status, String text, boolean truncated, String detail) {

    /** The outcome; {@link #wire()} is the {@code attachment_text.status} value. */
    public enum Status {
        DONE, UNSUPPORTED, FAILED;

        /** Lower case, as stored and shown. */
        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public static Extraction done(String text, boolean truncated, String detail) {
        return new Extraction(Status.DONE, text, truncated, detail);
    }

    public static Extraction unsupported(String detail) {
        return new Extraction(Status.UNSUPPORTED, null, false, detail);
    }

    public static Extraction failed(String detail) {
        return new Extraction(Status.FAILED, null, false, detail);
    }
}
