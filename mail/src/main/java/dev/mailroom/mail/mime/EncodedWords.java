package dev.mailroom.mail.mime;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import dev.mailroom.mail.address.HeaderText;

/**
 * RFC 2047 encoded-words in UTF-8. Each word is at most 75 characters and holds whole code points, so no word
 * splits a multi-byte character; words are meant to be separated by folding white space, which decoders drop
 * between adjacent encoded-words, so white space of the text itself is always encoded inside a word. Q is used when
 * it is no longer than B (mostly-ASCII text), with the restricted character set of RFC 2047 section 5 (3), valid
 * in phrases and in unstructured fields alike.
 */
final class EncodedWords {

    static final int MAX_WORD = 75;
    private static final int OVERHEAD = "=?UTF-8?Q?".length() + "?=".length();
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private EncodedWords() {
    }

    /** Whether {@code s} must be written as encoded-words: non-ASCII, or ASCII a decoder would take for one. */
    static boolean needed(String s) {
        return !HeaderText.isAscii(s) || s.contains("=?");
    }

    /**
     * {@code text} as encoded-words, the first at most {@code firstMax} characters long (clamped to 24..75, to
     * fit behind a header name), the others at most 75.
     */
    static List<String> encode(String text, int firstMax) {
        byte[] all = text.getBytes(StandardCharsets.UTF_8);
        int q = 0;
        for (byte b : all) {
            q += qSafe(b & 0xff) ? 1 : 3;
        }
        boolean useQ = q <= (all.length + 2) / 3 * 4;
        List<String> words = new ArrayList<>();
        int max = Math.max(24, Math.min(MAX_WORD, firstMax)) - OVERHEAD;
        StringBuilder qText = new StringBuilder();
        ByteArrayOutputStream bBytes = new ByteArrayOutputStream();
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            byte[] bytes = Character.toString(cp).getBytes(StandardCharsets.UTF_8);
            if (useQ) {
                String e = q(bytes);
                if (qText.length() > 0 && qText.length() + e.length() > max) {
                    words.add("=?UTF-8?Q?" + qText + "?=");
                    qText.setLength(0);
                    max = MAX_WORD - OVERHEAD;
                }
                qText.append(e);
            } else {
                int n = bBytes.size() + bytes.length;
                if (bBytes.size() > 0 && (n + 2) / 3 * 4 > max) {
                    words.add("=?UTF-8?B?" + Base64.getEncoder().encodeToString(bBytes.toByteArray()) + "?=");
                    bBytes.reset();
                    max = MAX_WORD - OVERHEAD;
                }
                bBytes.writeBytes(bytes);
            }
        }
        if (useQ && (qText.length() > 0 || words.isEmpty())) {
            words.add("=?UTF-8?Q?" + qText + "?=");
        } else if (!useQ && (bBytes.size() > 0 || words.isEmpty())) {
            words.add("=?UTF-8?B?" + Base64.getEncoder().encodeToString(bBytes.toByteArray()) + "?=");
        }
        return words;
    }

    /** Characters Q writes as themselves (RFC 2047 5 (3)); SPACE becomes "_". */
    private static boolean qSafe(int b) {
        return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9') || b == ' ' || b == '!'
                || b == '*' || b == '+' || b == '-' || b == '/';
    }

    private static String q(byte[] bytes) {
        StringBuilder sb = new StringBuilder(bytes.length * 3);
        for (byte x : bytes) {
            int b = x & 0xff;
            if (b == ' ') {
                sb.append('_');
            } else if (qSafe(b)) {
                sb.append((char) b);
            } else {
                sb.append('=').append(HEX[b >> 4]).append(HEX[b & 0xf]);
            }
        }
        return sb.toString();
    }
}
