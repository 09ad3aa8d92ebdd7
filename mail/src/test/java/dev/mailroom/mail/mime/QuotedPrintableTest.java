package dev.mailroom.mail.mime;

import static dev.mailroom.mail.mime.MimeFixtures.build;
import static dev.mailroom.mail.mime.MimeFixtures.parse;
import static dev.mailroom.mail.mime.MimeFixtures.parts;
import static dev.mailroom.mail.mime.MimeFixtures.req;
import static dev.mailroom.mail.mime.MimeFixtures.text;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;

import org.apache.james.mime4j.codec.QuotedPrintableInputStream;
import org.apache.james.mime4j.dom.Message;
import org.junit.jupiter.api.Test;

class QuotedPrintableTest {

    @Test
    void encodesEqualsSignsControlsAndNonAscii() {
        assertEquals("a =3D b", qp("a = b"));
        assertEquals("caf=C3=A9 =E2=82=AC", qp("café €"));
        assertEquals("nul=00 del=7F esc=1B", qp("nul\u0000 del\u007f esc\u001b"));
        assertEquals("tab\tinside", qp("tab\tinside"));
        assertEquals("line one\r\nline two", qp("line one\r\nline two"));
    }

    @Test
    void trailingWhiteSpaceIsEncoded() {
        assertEquals("trailing=20\r\ntab=09\r\nend=20", qp("trailing \r\ntab\t\r\nend "));
        assertEquals("two =20\r\n", qp("two  \r\n"));
    }

    @Test
    void longLinesGetSoftBreaksWithinSeventySixCharacters() {
        String line = "0123456789".repeat(20);
        String encoded = qp(line);
        String[] lines = encoded.split("\r\n");
        assertEquals(3, lines.length);
        assertEquals("0123456789".repeat(7) + "01234=", lines[0]);
        assertEquals(76, lines[0].length());
        for (String l : lines) {
            assertTrue(l.length() <= 76, l);
        }
        assertEquals(line, decode(encoded));
    }

    @Test
    void aLastCharacterMayUseColumnSeventySix() {
        assertEquals("x".repeat(76), qp("x".repeat(76)));
        assertEquals("x".repeat(75) + "=\r\nxx", qp("x".repeat(77)));
        // an encoded triplet is never split by a soft break
        assertEquals("x".repeat(74) + "=\r\n=3Dx", qp("x".repeat(74) + "=x"));
    }

    @Test
    void randomTextRoundTripsWithValidLines() {
        Random random = new Random(7);
        String pool = "abc XYZ\t=.-_:;!~\u00e9\u00fc\u4e2d\ud83d\ude00 \r\n";
        for (int round = 0; round < 200; round++) {
            StringBuilder sb = new StringBuilder();
            int length = random.nextInt(600);
            for (int i = 0; i < length; i++) {
                int pick = random.nextInt(pool.length());
                char c = pool.charAt(pick);
                if (Character.isHighSurrogate(c)) {
                    sb.append(c).append(pool.charAt(pick + 1));
                } else if (!Character.isLowSurrogate(c)) {
                    sb.append(c);
                }
            }
            String text = MimeBuilder.crlf(sb.toString());
            String encoded = qp(text);
            for (String line : encoded.split("\r\n", -1)) {
                assertTrue(line.length() <= 76, line);
                assertFalse(line.endsWith(" ") || line.endsWith("\t"), () -> "trailing white space: " + line);
                assertTrue(line.chars().allMatch(c -> c == '\t' || (c >= 0x20 && c < 0x7f)), line);
            }
            assertEquals(text, decode(encoded));
        }
    }

    @Test
    void everyByteValueRoundTrips() {
        byte[] all = new byte[256];
        for (int i = 0; i < 256; i++) {
            all[i] = (byte) i;
        }
        String encoded = QuotedPrintable.encode(all);
        assertArrayEquals(all, decodeBytes(encoded));
    }

    @Test
    void utf8BodyIsQuotedPrintableAndRoundTrips() {
        String body = "Grüße,\n\nthis line is long and has UTF-8 — " + "ünïcödé ".repeat(20) + "\nend with spaces   \n";
        BuiltMessage m = build(req().text(body));
        assertFalse(m.eightBit());
        Message parsed = parse(m);
        assertEquals("quoted-printable", parsed.getContentTransferEncoding());
        assertEquals(MimeBuilder.crlf(body), text(parsed));
    }

    @Test
    void asciiBodyWithALineOver998IsQuotedPrintable() {
        String body = "a".repeat(1500) + "\nshort";
        BuiltMessage m = build(req().text("plain").html(body));
        Message parsed = parse(m);
        assertEquals("quoted-printable", parts(parsed).get(1).getContentTransferEncoding());
        assertEquals("7bit", parts(parsed).get(0).getContentTransferEncoding());
        assertEquals("a".repeat(1500) + "\r\nshort", text(parts(parsed).get(1)));
        assertEquals("7bit", parse(build(req().text("a".repeat(998)))).getContentTransferEncoding());
    }

    @Test
    void asciiBodyWithTrailingWhiteSpaceIsQuotedPrintable() {
        String body = "keep my spaces   \nand\ttab\t\nlast ";
        BuiltMessage m = build(req().text(body).html("<p>no trailing</p>\n"));
        assertTrue(MimeFixtures.ascii(m).contains("\r\nkeep my spaces  =20\r\nand\ttab=09\r\nlast=20\r\n"));
        Message parsed = parse(m);
        assertEquals("quoted-printable", parts(parsed).get(0).getContentTransferEncoding());
        assertEquals("7bit", parts(parsed).get(1).getContentTransferEncoding());
        assertEquals(MimeBuilder.crlf(body), text(parts(parsed).get(0)));
    }

    @Test
    void bareLineBreaksAreNormalisedToCrlf() {
        assertEquals("a\r\nb\r\nc\r\nd\r\n\r\ne", MimeBuilder.crlf("a\nb\rc\r\nd\n\re"));
        Message parsed = parse(build(req().text("one\ntwo\rthree\r\n")));
        assertEquals("7bit", parsed.getContentTransferEncoding());
        assertEquals("one\r\ntwo\r\nthree\r\n", text(parsed));
    }

    @Test
    void textThatContainsTheBoundaryPrefixIsQuotedPrintable() {
        String boundary = MimeBuilder.boundary(MimeFixtures.MESSAGE_ID, 0);
        String sneaky = "before\n--" + boundary + "\nContent-Type: text/html\n\n<script>\n--" + boundary + "--\n";
        BuiltMessage m = build(req().text(sneaky).html("<p>x</p>"));
        Message parsed = parse(m);
        assertEquals(2, parts(parsed).size());
        assertEquals("quoted-printable", parts(parsed).get(0).getContentTransferEncoding());
        assertEquals(MimeBuilder.crlf(sneaky), text(parts(parsed).get(0)));
    }

    private static String qp(String text) {
        return QuotedPrintable.encode(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String decode(String encoded) {
        return new String(decodeBytes(encoded), StandardCharsets.UTF_8);
    }

    private static byte[] decodeBytes(String encoded) {
        try (InputStream in = new QuotedPrintableInputStream(
                new ByteArrayInputStream(encoded.getBytes(StandardCharsets.US_ASCII)), true)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
