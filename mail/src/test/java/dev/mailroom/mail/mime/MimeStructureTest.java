package dev.mailroom.mail.mime;

import static dev.mailroom.mail.mime.MimeFixtures.ascii;
import static dev.mailroom.mail.mime.MimeFixtures.build;
import static dev.mailroom.mail.mime.MimeFixtures.bytes;
import static dev.mailroom.mail.mime.MimeFixtures.headerNames;
import static dev.mailroom.mail.mime.MimeFixtures.parse;
import static dev.mailroom.mail.mime.MimeFixtures.parts;
import static dev.mailroom.mail.mime.MimeFixtures.rawHeader;
import static dev.mailroom.mail.mime.MimeFixtures.req;
import static dev.mailroom.mail.mime.MimeFixtures.text;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

import org.apache.james.mime4j.dom.Entity;
import org.apache.james.mime4j.dom.Message;
import org.apache.james.mime4j.dom.field.ContentTypeField;
import org.junit.jupiter.api.Test;

import dev.mailroom.contract.AgentRef;
import dev.mailroom.contract.EmailAddress;

class MimeStructureTest {

    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 1, 2, (byte) 0xff};
    private static final byte[] PDF = "%PDF-1.7\n%\u00e2\u00e3\n".getBytes(StandardCharsets.ISO_8859_1);

    @Test
    void textOnlyIsASingleTextPlainPartWithHeadersInOrder() {
        BuiltMessage m = build(req());
        assertEquals(List.of("Date", "From", "To", "Subject", "Message-ID", "MIME-Version", "Content-Type",
                "Content-Transfer-Encoding"), headerNames(m));
        assertEquals("Mon, 23 Nov 2026 15:04:05 +0000", rawHeader(m, "Date"));
        assertEquals("Ada <ada@example.com>", rawHeader(m, "From"));
        assertEquals("bob@example.org", rawHeader(m, "To"));
        assertEquals("<send-1@example.com>", rawHeader(m, "Message-ID"));
        assertEquals("1.0", rawHeader(m, "MIME-Version"));
        assertEquals("text/plain; charset=utf-8", rawHeader(m, "Content-Type"));
        assertEquals("7bit", rawHeader(m, "Content-Transfer-Encoding"));
        assertTrue(ascii(m).endsWith("7bit\r\n\r\nHi Bob\r\n"), ascii(m));
        assertFalse(m.smtpUtf8());
        assertFalse(m.eightBit());

        Message parsed = parse(m);
        assertFalse(parsed.isMultipart());
        assertEquals("text/plain", parsed.getMimeType());
        assertEquals("Hi Bob\r\n", text(parsed));
        assertEquals("Hello", parsed.getSubject());
        assertEquals(Instant.parse("2026-11-23T15:04:05Z"), parsed.getDate().toInstant());
        assertEquals("send-1@example.com", parsed.getMessageId().replaceAll("[<>]", ""));
    }

    @Test
    void dateUsesTheClockZone() {
        MimeBuilder berlin = new MimeBuilder(
                Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"), ZoneId.of("Europe/Berlin")));
        BuiltMessage m = berlin.build(req().build(), MimeFixtures.MESSAGE_ID);
        assertEquals("Fri, 2 Jan 2026 04:04:05 +0100", rawHeader(m, "Date"));
    }

    @Test
    void htmlOnlyIsASingleTextHtmlPart() {
        Message parsed = parse(build(req().text(null).html("<p>Hi</p>")));
        assertEquals("text/html", parsed.getMimeType());
        assertEquals("<p>Hi</p>\r\n", text(parsed));
    }

    @Test
    void emptyTextCountsAsAbsent() {
        Message parsed = parse(build(req().text("").html("<p>Hi</p>")));
        assertEquals("text/html", parsed.getMimeType());
    }

    @Test
    void textAndHtmlAreMultipartAlternativeTextFirst() {
        Message parsed = parse(build(req().text("plain").html("<b>rich</b>")));
        assertEquals("multipart/alternative", parsed.getMimeType());
        List<Entity> parts = parts(parsed);
        assertEquals(2, parts.size());
        assertEquals("text/plain", parts.get(0).getMimeType());
        assertEquals("plain", text(parts.get(0)));
        assertEquals("text/html", parts.get(1).getMimeType());
        assertEquals("<b>rich</b>", text(parts.get(1)));
    }

    @Test
    void inlineImageWithHtmlIsMultipartRelated() {
        BuiltMessage m = build(req().text(null).html("<img src=\"cid:logo@mailroom\">")
                .attach("logo.png", "image/png", PNG, "logo@mailroom"));
        Message parsed = parse(m);
        assertEquals("multipart/related", parsed.getMimeType());
        ContentTypeField ct = (ContentTypeField) parsed.getHeader().getField("Content-Type");
        assertEquals("text/html", ct.getParameter("type"));
        List<Entity> parts = parts(parsed);
        assertEquals(List.of("text/html", "image/png"), parts.stream().map(Entity::getMimeType).toList());
        Entity image = parts.get(1);
        assertEquals("<logo@mailroom>", image.getHeader().getField("Content-ID").getBody().strip());
        assertEquals("inline", image.getDispositionType());
        assertEquals("logo.png", image.getFilename());
        assertEquals("base64", image.getContentTransferEncoding());
        assertArrayEquals(PNG, bytes(image));
    }

    @Test
    void everythingNestsMixedRelatedAlternative() {
        Message parsed = parse(build(req().text("plain").html("<img src=\"cid:a\">")
                .attach("report.pdf", "application/pdf", PDF, null)
                .attach("a.png", "image/png", PNG, "a")));
        assertEquals("multipart/mixed", parsed.getMimeType());
        List<Entity> mixed = parts(parsed);
        assertEquals(List.of("multipart/related", "application/pdf"),
                mixed.stream().map(Entity::getMimeType).toList());
        ContentTypeField relatedType = (ContentTypeField) mixed.get(0).getHeader().getField("Content-Type");
        assertEquals("multipart/alternative", relatedType.getParameter("type"));
        List<Entity> related = parts(mixed.get(0));
        assertEquals(List.of("multipart/alternative", "image/png"),
                related.stream().map(Entity::getMimeType).toList());
        List<Entity> alternative = parts(related.get(0));
        assertEquals("plain", text(alternative.get(0)));
        assertEquals("<img src=\"cid:a\">", text(alternative.get(1)));
        assertArrayEquals(PNG, bytes(related.get(1)));
        assertEquals("attachment", mixed.get(1).getDispositionType());
        assertEquals("report.pdf", mixed.get(1).getFilename());
        assertArrayEquals(PDF, bytes(mixed.get(1)));
    }

    @Test
    void attachmentsWithoutBodyGetAnEmptyTextPart() {
        Message parsed = parse(build(req().text(null).attach("r.pdf", "application/pdf", PDF, null)));
        List<Entity> parts = parts(parsed);
        assertEquals(List.of("text/plain", "application/pdf"), parts.stream().map(Entity::getMimeType).toList());
        assertEquals("", text(parts.get(0)));
    }

    @Test
    void inlinePartsWithoutHtmlGoToMixedKeepingContentId() {
        Message parsed = parse(build(req().text("see image")
                .attach("a.pdf", null, PDF, null)
                .attach("b.png", "image/png", PNG, "b@x")));
        assertEquals("multipart/mixed", parsed.getMimeType());
        List<Entity> parts = parts(parsed);
        assertEquals(List.of("text/plain", "application/octet-stream", "image/png"),
                parts.stream().map(Entity::getMimeType).toList());
        assertEquals("inline", parts.get(2).getDispositionType());
        assertEquals("<b@x>", parts.get(2).getHeader().getField("Content-ID").getBody().strip());
    }

    @Test
    void noBodyAndNoAttachmentsIsAViolationOnText() {
        List<Violation> problems = MimeFixtures.BUILDER.problems(req().text(null).html(null).build());
        assertEquals(List.of(new Violation("text", "text or html is required")), problems);
        InvalidMessageException e = assertThrows(InvalidMessageException.class,
                () -> build(req().text("").html(null)));
        assertEquals("text", e.field());
    }

    @Test
    void fullHeaderOrderAndNoBccNorTags() {
        MimeFixtures.Req r = req().text("t").html("<p>h</p>");
        r.cc.add(EmailAddress.of("carol@example.org"));
        r.bcc.add(EmailAddress.of("secret-dave@hidden.example"));
        r.replyTo.add(new EmailAddress("Desk", "desk@example.com"));
        r.inReplyTo = "orig-1@example.org";
        r.references.addAll(List.of("root@example.org", "orig-1@example.org"));
        r.header("X-Zeta", "z").header("List-Unsubscribe", "<mailto:unsub@example.com>").header("x-alpha", "a");
        r.agent = new AgentRef("Support", "ticket-1");
        r.tags.add("tag-that-must-not-leak");
        BuiltMessage m = build(r);
        assertEquals(List.of("Date", "From", "To", "Cc", "Reply-To", "Subject", "Message-ID", "In-Reply-To",
                "References", "MIME-Version", "Auto-Submitted", "List-Unsubscribe", "x-alpha", "X-Zeta",
                "Content-Type"), headerNames(m));
        assertEquals("<orig-1@example.org>", rawHeader(m, "In-Reply-To"));
        assertEquals("<root@example.org> <orig-1@example.org>", rawHeader(m, "References"));
        assertEquals("Desk <desk@example.com>", rawHeader(m, "Reply-To"));
        assertEquals("auto-replied", rawHeader(m, "Auto-Submitted"));
        String all = ascii(m);
        assertFalse(all.contains("secret-dave"), "bcc address leaked");
        assertFalse(all.toLowerCase().contains("bcc:"), "Bcc field written");
        assertFalse(all.contains("tag-that-must-not-leak"), "tag leaked");
        Message parsed = parse(m);
        assertNull(parsed.getBcc());
        assertEquals("carol@example.org", parsed.getCc().flatten().get(0).getAddress());
    }

    @Test
    void bccOnlyRequestIsValid() {
        MimeFixtures.Req r = req();
        r.to.clear();
        r.bcc.add(EmailAddress.of("hidden@example.net"));
        assertEquals(List.of(), MimeFixtures.BUILDER.problems(r.build()));
        BuiltMessage m = build(r);
        assertFalse(ascii(m).contains("hidden@example.net"));
        assertNull(rawHeader(m, "To"));
        assertNull(rawHeader(m, "Bcc"));
    }

    @Test
    void requestAutoSubmittedWinsOverTheAgentDefault() {
        MimeFixtures.Req r = req().header("Auto-Submitted", "auto-generated");
        r.agent = new AgentRef("Support", "t");
        BuiltMessage m = build(r);
        assertEquals("auto-generated", rawHeader(m, "Auto-Submitted"));
        assertEquals(1, headerNames(m).stream().filter("Auto-Submitted"::equalsIgnoreCase).count());
    }

    @Test
    void noAgentMeansNoAutoSubmitted() {
        assertNull(rawHeader(build(req()), "Auto-Submitted"));
    }

    @Test
    void emptySubjectIsWrittenEmpty() {
        BuiltMessage m = build(req().subject(""));
        assertTrue(ascii(m).contains("\r\nSubject:\r\n"), ascii(m));
        assertEquals("", parse(m).getSubject().strip());
    }

    @Test
    void multipartBoundariesAreQuotedAndFolded() {
        BuiltMessage m = build(req().text("a").html("b"));
        String boundary = MimeBuilder.boundary(MimeFixtures.MESSAGE_ID, 0);
        assertTrue(boundary.matches("=_mr_[0-9a-f]{32}"), boundary);
        assertEquals("multipart/alternative; boundary=\"" + boundary + "\"", rawHeader(m, "Content-Type"));
        MimeFixtures.assertHeaderLinesWithin78(m);
        assertTrue(ascii(m).endsWith("\r\n--" + boundary + "--\r\n"));
    }
}
