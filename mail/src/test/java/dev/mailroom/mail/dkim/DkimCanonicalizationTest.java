package dev.mailroom.mail.dkim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** Relaxed canonicalisation (RFC 6376 §3.4.2, §3.4.4), checked against the example of §3.4.5 and edge cases. */
class DkimCanonicalizationTest {

    private static String body(String body) {
        byte[] bytes = body.getBytes(StandardCharsets.ISO_8859_1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Canonicalization.relaxedBody(bytes, 0, bytes.length, out);
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    @Test
    void rfc6376Example345Header() {
        // A: <SP> X <CRLF>
        // B <SP> : <SP> Y <HTAB><CRLF>
        //                 <HTAB> Z <SP><SP><CRLF>
        String a = "A: X";
        String b = "B : Y\t\r\n\tZ  ";
        assertEquals("a:X\r\nb:Y Z\r\n",
                Canonicalization.relaxedHeader(a) + "\r\n" + Canonicalization.relaxedHeader(b) + "\r\n");
    }

    @Test
    void rfc6376Example345Body() {
        // <SP> C <SP><CRLF>
        // D <SP><HTAB><SP> E <CRLF>
        // <CRLF>
        // <CRLF>
        assertEquals(" C\r\nD E\r\n", body(" C \r\nD \t E\r\n\r\n\r\n"));
    }

    @Test
    void headerNameLowerCasedValueUntouchedExceptWhitespace() {
        assertEquals("subject:Hello World", Canonicalization.relaxedHeader("SuBJect:Hello    World"));
        assertEquals("message-id:<A.B@Example.COM>", Canonicalization.relaxedHeader("Message-ID:\t <A.B@Example.COM>"));
    }

    @Test
    void headerUnfoldsEveryContinuationLine() {
        assertEquals("to:a@example.org, b@example.org, c@example.org",
                Canonicalization.relaxedHeader("To: a@example.org,\r\n\tb@example.org,\r\n    c@example.org \t"));
    }

    @Test
    void headerEmptyValue() {
        assertEquals("x-empty:", Canonicalization.relaxedHeader("X-Empty:   \r\n \t"));
    }

    @Test
    void headerKeepsEightBitBytes() {
        String utf8 = new String("Subject:  Grüße  ✉".getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
        String canonical = Canonicalization.relaxedHeader(utf8);
        assertEquals("subject:Grüße ✉",
                new String(canonical.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8));
    }

    @Test
    void headerWithoutColonRejected() {
        assertThrows(IllegalArgumentException.class, () -> Canonicalization.relaxedHeader("no colon here"));
    }

    @Test
    void emptyBodyCanonicalisesToNothing() {
        // relaxed (unlike simple) has no "empty body becomes CRLF" rule: RFC 6376 §3.4.4, erratum 1384
        assertEquals("", body(""));
        assertEquals("", body("\r\n"));
        assertEquals("", body("\r\n\r\n\r\n"));
        assertEquals("", body("  \t\r\n \r\n"));
    }

    @Test
    void trailingEmptyLinesRemovedInnerOnesKept() {
        assertEquals("a\r\n\r\n\r\nb\r\n", body("a\r\n\r\n\r\nb\r\n\r\n \r\n\t\r\n"));
    }

    @Test
    void missingFinalCrlfAdded() {
        assertEquals("abc\r\n", body("abc"));
        assertEquals("abc\r\n", body("abc  \t"));
        assertEquals("a\r\nb\r\n", body("a\r\nb"));
    }

    @Test
    void whitespaceRunsReducedAndLineEndWhitespaceRemoved() {
        assertEquals("a b c\r\n leading\r\ntabs inside\r\n\r\nend\r\n",
                body("a  b\t\tc   \r\n \t leading\r\ntabs\t\t\tinside\t\r\n   \r\nend \t \r\n \t\r\n"));
    }

    @Test
    void bareCrAndLfAreNotLineBreaks() {
        assertEquals("a\rb\nc\r\n", body("a\rb\nc\r\n"));
    }

    @Test
    void respectsOffsets() {
        byte[] bytes = "HEADER\r\n\r\nx  y \r\nTRAILER".getBytes(StandardCharsets.US_ASCII);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Canonicalization.relaxedBody(bytes, 10, 17, out);
        assertEquals("x y\r\n", out.toString(StandardCharsets.US_ASCII));
    }
}
