package dev.mailroom.egress.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Reply parsing, dot-stuffing and envelope encodings. */
class SmtpWireTest {

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void parsesMultiLineRepliesAcrossChunks() throws IOException {
        ReplyParser parser = new ReplyParser();
        List<ReplyParser.RawReply> replies = new ArrayList<>();

        replies.addAll(parser.feed(ascii("250-mx.example.test hello\r\n250-PIPE")));
        assertTrue(replies.isEmpty());
        replies.addAll(parser.feed(ascii("LINING\r\n250 8BITMIME\r\n220 ready")));
        assertEquals(1, replies.size());
        assertTrue(parser.buffered() > 0);
        replies.addAll(parser.feed(ascii("\n")));

        assertEquals(2, replies.size());
        assertEquals(250, replies.get(0).code());
        assertEquals(List.of("mx.example.test hello", "PIPELINING", "8BITMIME"), replies.get(0).lines());
        assertEquals("ready", replies.get(1).toReply(false).text());
        assertEquals(0, parser.buffered());
    }

    @Test
    void acceptsACodeWithoutText() throws IOException {
        List<ReplyParser.RawReply> replies = new ReplyParser().feed(ascii("250\r\n354 \r\n"));

        assertEquals("250", replies.get(0).toReply(false).toString());
        assertEquals("", replies.get(1).toReply(false).text());
    }

    @Test
    void readsEnhancedCodesOnlyWhenAdvertised() throws IOException {
        ReplyParser.RawReply raw = new ReplyParser().feed(ascii("550-5.1.1 no such user\r\n550 5.1.1 here\r\n")).get(0);

        SmtpReply plain = raw.toReply(false);
        assertNull(plain.enhancedCode());
        assertEquals("5.1.1 no such user\n5.1.1 here", plain.text());

        SmtpReply enhanced = raw.toReply(true);
        assertEquals("5.1.1", enhanced.enhancedCode());
        assertEquals("no such user\nhere", enhanced.text());
        assertEquals("550 5.1.1 no such user\nhere", enhanced.toString());
        assertTrue(enhanced.permanentFailure());
    }

    @Test
    void ignoresAnEnhancedCodeOfTheWrongClass() throws IOException {
        SmtpReply reply = new ReplyParser().feed(ascii("451 5.1.1 odd\r\n")).get(0).toReply(true);

        assertNull(reply.enhancedCode());
        assertEquals("5.1.1 odd", reply.text());
        assertTrue(reply.transientFailure());
    }

    @Test
    void refusesMalformedAndOversizedReplies() {
        assertThrows(IOException.class, () -> new ReplyParser().feed(ascii("hello\r\n")));
        assertThrows(IOException.class, () -> new ReplyParser().feed(ascii("250_x\r\n")));
        assertThrows(IOException.class, () -> new ReplyParser().feed(ascii("650 x\r\n")));

        ReplyParser unterminated = new ReplyParser();
        IOException e = assertThrows(IOException.class, () -> {
            for (int i = 0; i < 100; i++) {
                unterminated.feed(ascii("x".repeat(1024)));
            }
        });
        assertTrue(e.getMessage().contains("longer than"));

        ReplyParser endless = new ReplyParser();
        assertThrows(IOException.class, () -> {
            for (int i = 0; i < 100; i++) {
                endless.feed(ascii("250-" + "y".repeat(1000) + "\r\n"));
            }
        });
    }

    @Test
    void replyClassification() {
        assertTrue(new SmtpReply(250, null, "ok").positive());
        assertTrue(new SmtpReply(354, null, "go").positive());
        assertTrue(new SmtpReply(421, null, "bye").transientFailure());
        assertTrue(new SmtpReply(554, null, "no").permanentFailure());
        assertEquals("421 4.3.2 bye", new SmtpReply(421, "4.3.2", "bye").toString());
        assertThrows(IllegalArgumentException.class, () -> new SmtpReply(99, null, ""));
    }

    @Test
    void dotStuffsLineStarts() {
        SmtpData.Prepared p = SmtpData.prepare(ascii(".a\r\nb.\r\n..c\r\n.\r\n"));

        assertEquals("..a\r\nb.\r\n...c\r\n..\r\n", new String(p.stuffed(), StandardCharsets.US_ASCII));
        assertEquals(16, p.size());
    }

    @Test
    void stuffsAfterBareLineEndsAgainstSmuggling() {
        SmtpData.Prepared p = SmtpData.prepare(ascii("a\n.\r\nb\r.\rc\r\n"));

        assertEquals("a\n..\r\nb\r..\rc\r\n", new String(p.stuffed(), StandardCharsets.US_ASCII));
    }

    @Test
    void appendsTheFinalCrlf() {
        assertEquals("x\r\n", new String(SmtpData.prepare(ascii("x")).stuffed(), StandardCharsets.US_ASCII));
        assertEquals(3, SmtpData.prepare(ascii("x")).size());
        assertEquals("x\r\r\n", new String(SmtpData.prepare(ascii("x\r")).stuffed(), StandardCharsets.US_ASCII));
        assertEquals("\r\n", new String(SmtpData.prepare(new byte[0]).stuffed(), StandardCharsets.US_ASCII));
    }

    @Test
    void encodesXtext() {
        assertEquals("abc+2B+3D+20+C3+A9", SmtpData.xtext("abc+= é"));
    }

    @Test
    void checksEnvelopeAddresses() {
        SmtpData.checkAddress("", true);
        SmtpData.checkAddress("jörg@example.test", false);
        assertThrows(IllegalArgumentException.class, () -> SmtpData.checkAddress("", false));
        assertThrows(IllegalArgumentException.class, () -> SmtpData.checkAddress("a@b\r\nDATA", false));
        assertThrows(IllegalArgumentException.class, () -> SmtpData.checkAddress("a@b> SMTPUTF8", false));
        assertThrows(IllegalArgumentException.class, () -> SmtpData.checkAddress("a@b\0", false));
    }
}
