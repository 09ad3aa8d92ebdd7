package dev.mailroom.router.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.mailroom.contract.EmailAddress;
import dev.mailroom.contract.ParsedMessage;

class MessageParserTest {

    private final MessageParser parser = new MessageParser();

    private ParsedMessage parse(String raw) throws UnparseableMessageException {
        return parser.parse(raw.replace("\n", "\r\n").getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void plainMessageYieldsAddressesSubjectThreadIdsAndText() throws Exception {
        ParsedMessage m = parse("""
                From: "Ann Example" <ann@example.org>
                To: echo+t1@agents.test, Bob <bob@agents.test>
                Cc: carol@example.org
                Reply-To: replies@example.org
                Subject: Hello
                Date: Mon, 23 Nov 2026 10:00:00 +0000
                Message-ID: <m2@example.org>
                In-Reply-To: <m1@example.org>
                References: <m0@example.org>
                 <m1@example.org>

                Hi there.
                """);
        assertEquals("m2@example.org", m.messageId());
        assertEquals(List.of("m1@example.org"), m.inReplyTo());
        assertEquals(List.of("m0@example.org", "m1@example.org"), m.references());
        assertEquals(new EmailAddress("Ann Example", "ann@example.org"), m.from());
        assertEquals(List.of("echo+t1@agents.test", "bob@agents.test"),
                m.to().stream().map(EmailAddress::address).toList());
        assertEquals("carol@example.org", m.cc().get(0).address());
        assertEquals("replies@example.org", m.replyTo().get(0).address());
        assertEquals("Hello", m.subject());
        assertEquals("2026-11-23T10:00:00Z", m.date().toString());
        assertEquals("Hi there.\r\n", m.text());
        assertNull(m.html());
        assertTrue(m.attachments().isEmpty());
    }

    @Test
    void encodedWordsAndQuotedPrintableLatin1AreDecoded() throws Exception {
        ParsedMessage m = parse("""
                From: =?UTF-8?B?SsO8cmdlbg==?= <j@example.org>
                Subject: =?ISO-8859-1?Q?Gr=FC=DFe?=
                MIME-Version: 1.0
                Content-Type: text/plain; charset=ISO-8859-1
                Content-Transfer-Encoding: quoted-printable

                Sch=F6ne Gr=FC=DFe
                """);
        assertEquals("Grüße", m.subject());
        assertEquals("Jürgen", m.from().name());
        assertEquals("Schöne Grüße\r\n", m.text());
    }

    @Test
    void multipartAlternativeWithAttachmentIsSplitIntoBodiesAndAttachments() throws Exception {
        ParsedMessage m = parse("""
                From: ann@example.org
                Subject: parts
                MIME-Version: 1.0
                Content-Type: multipart/mixed; boundary="outer"

                --outer
                Content-Type: multipart/alternative; boundary="inner"

                --inner
                Content-Type: text/plain; charset=utf-8

                plain
                --inner
                Content-Type: text/html; charset=utf-8

                <p>html</p>
                --inner--
                --outer
                Content-Type: application/pdf; name="report.pdf"
                Content-Disposition: attachment; filename="report.pdf"
                Content-Transfer-Encoding: base64

                AAECAwQF
                --outer--
                """);
        assertEquals("plain", m.text());
        assertEquals("<p>html</p>", m.html());
        assertEquals(List.of(new ParsedMessage.Attachment("report.pdf", "application/pdf", 6)), m.attachments());
    }

    @Test
    void unknownCharsetStillYieldsText() throws Exception {
        ParsedMessage m = parse("""
                From: ann@example.org
                Content-Type: text/plain; charset=x-no-such-charset

                still readable
                """);
        assertTrue(m.text().startsWith("still readable"), m.text());
    }

    @Test
    void bytesWithoutAnyHeaderFieldAreUnparseable() {
        UnparseableMessageException e = assertThrows(UnparseableMessageException.class,
                () -> parser.parse(new byte[] { 0, 1, 2, (byte) 0xff, '\r', '\n' }));
        assertTrue(e.getMessage().contains("no header"), e.getMessage());
    }

    @Test
    void tooManyHeaderFieldsAreUnparseable() {
        String raw = "X-Filler: x\r\n".repeat(1100) + "\r\nbody";
        assertThrows(UnparseableMessageException.class,
                () -> parser.parse(raw.getBytes(StandardCharsets.US_ASCII)));
    }
}
