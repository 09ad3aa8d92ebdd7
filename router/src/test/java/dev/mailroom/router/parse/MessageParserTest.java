package dev.mailroom.router.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

import dev.mailroom.contract.EmailAddress;
import dev.mailroom.contract.ParsedMessage;

class MessageParserTest {

    private final MessageParser parser = new MessageParser();

    private ParsedMessage parse(String raw) throws UnparseableMessageException {
        return parser.parse(raw.replace("\n", "\r\n").getBytes(StandardCharsets.ISO_8859_1));
    }

    private ParsedMessage parseUtf8(String raw) throws UnparseableMessageException {
        return parser.parse(raw.replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8));
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
        assertEquals("Hi there.\n", m.text());
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
        assertEquals("Schöne Grüße\n", m.text());
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
        assertEquals(1, m.attachments().size());
        ParsedMessage.Attachment pdf = m.attachments().get(0);
        assertEquals("report.pdf", pdf.filename());
        assertEquals("application/pdf", pdf.contentType());
        assertEquals(6, pdf.size());
        // SHA-256 of the decoded bytes 00 01 02 03 04 05
        assertEquals("17e88db187afd62c16e5debf3e6527cd006bc012bc90b51a810cd80c2d511f43", pdf.sha256());
        assertEquals("AAECAwQF", pdf.contentBase64());
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

    @Test
    void rawUtf8HeadersAreReadAsUtf8() throws Exception {
        ParsedMessage m = parseUtf8("""
                From: Jürgen Müller <jü@exämple.org>
                To: "Zoë 日本" <zoe@example.org>
                Subject: Grüße aus Köln 🎉
                Content-Type: text/plain; charset=utf-8

                Hallo
                """);
        assertEquals("Grüße aus Köln 🎉", m.subject());
        assertEquals(new EmailAddress("Jürgen Müller", "jü@exämple.org"), m.from());
        assertEquals(new EmailAddress("Zoë 日本", "zoe@example.org"), m.to().get(0));
    }

    @Test
    void legacyEightBitHeadersThatAreNotUtf8AreReadAsWindows1252() throws Exception {
        ParsedMessage m = parse("""
                From: Jürgen <j@example.org>
                Subject: Grüße

                x
                """);
        assertEquals("Grüße", m.subject());
        assertEquals("Jürgen", m.from().name());
    }

    @Test
    void threadIdIsReferencesRootElseInReplyToElseMessageId() throws Exception {
        assertEquals("root@x", parse("From: a@x\nMessage-ID: <m3@x>\nIn-Reply-To: <m2@x>\n"
                + "References: <root@x> <m2@x>\n\nbody\n").threadId());
        assertEquals("m2@x", parse("From: a@x\nMessage-ID: <m3@x>\nIn-Reply-To: <m2@x> <other@x>\n\nbody\n")
                .threadId());
        assertEquals("m3@x", parse("From: a@x\nMessage-ID: <m3@x>\n\nbody\n").threadId());
        assertNull(parse("From: a@x\n\nbody\n").threadId());
    }

    @Test
    void attachmentsCarryHashContentIdContentAndDecodedFileNames() throws Exception {
        ParsedMessage m = parse("""
                From: ann@example.org
                MIME-Version: 1.0
                Content-Type: multipart/mixed; boundary="b"

                --b
                Content-Type: multipart/related; boundary="r"

                --r
                Content-Type: text/html; charset=utf-8

                <p>logo: <img src="cid:logo@x"></p>
                --r
                Content-Type: image/png
                Content-ID: <logo@x>
                Content-Disposition: inline
                Content-Transfer-Encoding: base64

                aGVsbG8=
                --r--
                --b
                Content-Type: text/plain; name="=?UTF-8?B?UmVjaG51bmcgTcOkcnoudHh0?="
                Content-Disposition: attachment

                one
                --b
                Content-Type: application/octet-stream
                Content-Disposition: attachment; filename*=UTF-8''na%C3%AFve%20plan.pdf

                two
                --b
                Content-Type: application/octet-stream
                Content-Disposition: attachment; filename="../../etc/passwd"

                three
                --b--
                """);
        assertEquals("<p>logo: <img src=\"cid:logo@x\"></p>", m.html());
        assertNull(m.text());
        List<ParsedMessage.Attachment> a = m.attachments();
        assertEquals(4, a.size());
        assertEquals("logo@x", a.get(0).contentId());
        assertEquals("image/png", a.get(0).contentType());
        assertEquals(5, a.get(0).size());
        assertEquals("aGVsbG8=", a.get(0).contentBase64());
        // sha256("hello")
        assertEquals("2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824", a.get(0).sha256());
        assertEquals("Rechnung März.txt", a.get(1).filename());
        assertEquals("naïve plan.pdf", a.get(2).filename());
        assertEquals("passwd", a.get(3).filename());
        assertEquals("three", new String(Base64.getDecoder().decode(a.get(3).contentBase64()),
                StandardCharsets.US_ASCII));
    }

    @Test
    void attachmentContentBeyondTheCarryBudgetKeepsOnlyMetadata() throws Exception {
        MessageParser small = new MessageParser(new ParseLimits(4, 100, 1000, 256 * 1024));
        String raw = """
                From: ann@example.org
                Content-Type: multipart/mixed; boundary="b"

                --b
                Content-Type: application/octet-stream

                abc
                --b
                Content-Type: application/octet-stream

                defgh
                --b--
                """.replace("\n", "\r\n");
        ParsedMessage m = small.parse(raw.getBytes(StandardCharsets.US_ASCII));
        assertEquals("YWJj", m.attachments().get(0).contentBase64());
        assertNull(m.attachments().get(1).contentBase64());
        assertEquals(5, m.attachments().get(1).size());
        assertNotNull(m.attachments().get(1).sha256());
    }

    @Test
    void attachedMessageIsOneAttachmentHoldingItsBytes() throws Exception {
        // the CRLF before the boundary belongs to the boundary (RFC 2046), not to the enclosed message
        String inner = "From: bob@example.org\r\nSubject: inner\r\n\r\ninner text";
        ParsedMessage m = parse("""
                From: ann@example.org
                Subject: Fwd: inner
                Content-Type: multipart/mixed; boundary="b"

                --b
                Content-Type: text/plain

                see attached
                --b
                Content-Type: message/rfc822
                Content-Disposition: attachment; filename="inner.eml"

                From: bob@example.org
                Subject: inner

                inner text
                --b--
                """);
        assertEquals("see attached", m.text());
        assertEquals(1, m.attachments().size());
        ParsedMessage.Attachment eml = m.attachments().get(0);
        assertEquals("message/rfc822", eml.contentType());
        assertEquals("inner.eml", eml.filename());
        assertEquals(inner, new String(Base64.getDecoder().decode(eml.contentBase64()), StandardCharsets.US_ASCII));
        assertEquals("inner text", parser.parse(Base64.getDecoder().decode(eml.contentBase64())).text());
    }

    @Test
    void untrustedControlAndBidiCharactersAreRemovedEverywhere() throws Exception {
        ParsedMessage m = parseUtf8("""
                From: =?UTF-8?B?QW5uG1szMW0gRXZpbOKArg==?= <ann@example.org>
                Subject: =?UTF-8?Q?invoice=E2=80=AEfdp.exe=0D=0ABcc:_x@evil?=
                Content-Type: multipart/mixed; boundary="b"

                --b
                Content-Type: text/plain; charset=utf-8

                line\u0007one\u2066
                line two
                --b
                Content-Type: application/octet-stream
                Content-Disposition: attachment; filename="=?UTF-8?Q?report=E2=80=AEfdp.exe?="

                x
                --b--
                """);
        assertEquals("invoicefdp.exe  Bcc: x@evil", m.subject());
        assertEquals("Ann[31m Evil", m.from().name());
        assertEquals("lineone\nline two", m.text());
        assertEquals("reportfdp.exe", m.attachments().get(0).filename());
    }

    @Test
    void routingHeadersAreCollectedUnderCanonicalNames() throws Exception {
        ParsedMessage m = parse("""
                From: ann@example.org
                x-agent-name:  Support\s
                X-AGENT-ID: ticket-42
                X-Agent-Sig: abc=
                X-Agent-Sig-Ts: 1790000000
                X-Agent-Other: ignored

                hi
                """);
        assertEquals(Map.of("X-Agent-Name", "Support", "X-Agent-ID", "ticket-42", "X-Agent-Sig", "abc=",
                "X-Agent-Sig-Ts", "1790000000"), m.routingHeaders());
        assertTrue(parse("From: a@x\n\nhi\n").routingHeaders().isEmpty());
    }

    @Test
    void autoReplyVerdictComesFromTheHeader() throws Exception {
        assertEquals("auto-submitted: auto-replied",
                parse("From: a@x\nAuto-Submitted: auto-replied; owner-email=a@x\n\nI am away\n").autoReply());
        assertNull(parse("From: a@x\nAuto-Submitted: no\n\nhello\n").autoReply());
    }

    @Test
    void replyTextStripsQuotedHistory() throws Exception {
        ParsedMessage m = parse("""
                From: ann@example.org

                Yes, Tuesday works.

                On Mon, 23 Nov 2026 at 10:00, Bob <bob@example.org> wrote:
                > Does Tuesday work?
                """);
        assertEquals("Yes, Tuesday works.", m.replyText());
        assertTrue(m.text().contains("Does Tuesday work?"));
    }

    @Test
    void replyTextIsDerivedFromHtmlWhenThereIsNoPlainText() throws Exception {
        ParsedMessage m = parse("""
                From: ann@example.org
                Content-Type: text/html; charset=utf-8

                <html><head><style>p{}</style></head><body><p>Yes &amp; thanks</p>
                <div class="gmail_quote"><div>On Mon, Bob wrote:</div><blockquote>Does it work?</blockquote></div>
                </body></html>
                """);
        assertNull(m.text());
        assertEquals("Yes & thanks", m.replyText());
    }

    @Test
    void nestingBeyondTheLimitIsUnparseable() {
        StringBuilder raw = new StringBuilder("From: a@x\r\n");
        int depth = 150;
        for (int i = 0; i < depth; i++) {
            raw.append("Content-Type: multipart/mixed; boundary=\"b").append(i).append("\"\r\n\r\n--b").append(i)
                    .append("\r\n");
        }
        raw.append("Content-Type: text/plain\r\n\r\ndeep\r\n");
        UnparseableMessageException e = assertThrows(UnparseableMessageException.class,
                () -> parser.parse(raw.toString().getBytes(StandardCharsets.US_ASCII)));
        assertTrue(e.getMessage().contains("nesting"), e.getMessage());
    }

    @Test
    void largeMessageWithBigAttachmentAndLongHtmlParsesInSeconds() {
        byte[] payload = new byte[12 * 1024 * 1024];
        new Random(7).nextBytes(payload);
        String html = "<p>" + "word &amp; <b>bold</b> ".repeat(200_000) + "</p>";
        String raw = "From: a@x\r\nContent-Type: multipart/mixed; boundary=\"b\"\r\n\r\n--b\r\n"
                + "Content-Type: text/html\r\n\r\n" + html + "\r\n--b\r\n"
                + "Content-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\n\r\n"
                + Base64.getMimeEncoder().encodeToString(payload) + "\r\n--b--\r\n";
        ParsedMessage m = assertTimeoutPreemptively(Duration.ofSeconds(20),
                () -> parser.parse(raw.getBytes(StandardCharsets.US_ASCII)));
        assertEquals(payload.length, m.attachments().get(0).size());
        assertTrue(m.replyText().startsWith("word & bold word"), m.replyText().substring(0, 40));
    }
}
