package dev.mailroom.mail.mime;

import static dev.mailroom.mail.mime.MimeFixtures.ascii;
import static dev.mailroom.mail.mime.MimeFixtures.build;
import static dev.mailroom.mail.mime.MimeFixtures.bytes;
import static dev.mailroom.mail.mime.MimeFixtures.parse;
import static dev.mailroom.mail.mime.MimeFixtures.parts;
import static dev.mailroom.mail.mime.MimeFixtures.req;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;

import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.codec.DecoderUtil;
import org.apache.james.mime4j.dom.Entity;
import org.apache.james.mime4j.dom.field.ContentTypeField;
import org.junit.jupiter.api.Test;

import dev.mailroom.contract.OutboundRequest;

class AttachmentTest {

    @Test
    void everyByteValueRoundTrips() {
        byte[] all = new byte[256 * 3];
        for (int i = 0; i < all.length; i++) {
            all[i] = (byte) i;
        }
        byte[] random = new byte[10_000];
        new Random(42).nextBytes(random);
        BuiltMessage m = build(req().attach("all.bin", "application/octet-stream", all, null)
                .attach("random.bin", null, random, null)
                .attach("empty.bin", null, new byte[0], null));
        MimeFixtures.assertWireFormat(m.bytes());
        assertFalse(m.eightBit());
        List<Entity> parts = parts(parse(m));
        assertEquals(4, parts.size());
        assertArrayEquals(all, bytes(parts.get(1)));
        assertArrayEquals(random, bytes(parts.get(2)));
        assertArrayEquals(new byte[0], bytes(parts.get(3)));
        assertEquals("base64", parts.get(2).getContentTransferEncoding());
        String body = ascii(m);
        String firstLine = body.substring(body.indexOf("filename=\"random.bin\"\r\n\r\n") + 25);
        assertEquals(76, firstLine.indexOf("\r\n"), "base64 in 76-character lines");
    }

    @Test
    void base64InputMayBeWrappedAndUnpadded() {
        byte[] content = "hello, world!".getBytes();
        String wrapped = "aGVsbG8s\r\nIHdvcmxk\n IQ";
        MimeFixtures.Req r = req();
        r.attachments.add(new OutboundRequest.Attachment("h.txt", "text/plain", wrapped, null));
        assertArrayEquals(content, bytes(parts(parse(build(r))).get(1)));
    }

    @Test
    void inlineImageCarriesContentIdAndDisposition() {
        byte[] png = {(byte) 0x89, 'P', 'N', 'G'};
        MimeFixtures.Req r = req().html("<img src=\"cid:chart.1@mailroom\">");
        r.attachments.add(new OutboundRequest.Attachment("chart.png", "image/png",
                java.util.Base64.getEncoder().encodeToString(png), "<chart.1@mailroom>"));
        BuiltMessage m = build(r);
        assertTrue(ascii(m).contains("\r\nContent-ID: <chart.1@mailroom>\r\n"), "brackets not doubled");
        assertTrue(ascii(m).contains("\r\nContent-Disposition: inline; filename=\"chart.png\"\r\n"));
        Entity related = parse(m);
        assertEquals("multipart/related", related.getMimeType());
        Entity image = parts(related).get(1);
        assertEquals("<chart.1@mailroom>", image.getHeader().getField("Content-ID").getBody().strip());
        assertArrayEquals(png, bytes(image));
    }

    @Test
    void nonAsciiFilenameUsesRfc2231AndAnEncodedName() {
        String name = "Bericht März 2026 – final+v2.pdf";
        BuiltMessage m = build(req().attach(name, "application/pdf", new byte[] {1, 2, 3}, null));
        String all = ascii(m);
        assertTrue(all.contains("filename*=UTF-8''Bericht%20M%C3%A4rz%202026%20%E2%80%93%20final%2Bv2.pdf"), all);
        Entity part = parts(parse(m)).get(1);
        assertEquals(name, part.getFilename());
        ContentTypeField ct = (ContentTypeField) part.getHeader().getField("Content-Type");
        assertEquals(name, DecoderUtil.decodeEncodedWords(ct.getParameter("name"), DecodeMonitor.SILENT));
        MimeFixtures.assertHeaderLinesWithin78(m);
    }

    @Test
    void longNonAsciiFilenameUsesContinuationsWithinLineLimits() {
        String name = "研究報告書_最終版_".repeat(12) + "😀.docx";
        BuiltMessage m = build(req().attach(name, null, new byte[] {9}, null));
        String all = ascii(m);
        assertTrue(all.contains(" filename*0*=UTF-8''"), all);
        assertTrue(all.contains(" filename*3*="), all);
        String head = all.substring(all.indexOf("Content-Disposition: attachment"));
        head = head.substring(0, head.indexOf("\r\n\r\n"));
        for (String line : head.split("\r\n")) {
            assertTrue(line.length() <= 78, line);
        }
        Entity part = parts(parse(m)).get(1);
        assertEquals(name, part.getFilename());
    }

    @Test
    void asciiFilenameIsAQuotedString() {
        BuiltMessage m = build(req().attach("my \"report\" v1.txt", "text/plain", "x".getBytes(), null));
        assertTrue(ascii(m).contains("filename=\"my \\\"report\\\" v1.txt\""), ascii(m));
        assertEquals("my \"report\" v1.txt", parts(parse(m)).get(1).getFilename());
    }

    @Test
    void contentTypeParametersAreKeptAndDefaultIsOctetStream() {
        BuiltMessage m = build(req()
                .attach("data.csv", "text/csv; charset=us-ascii; header=\"present\"", "a,b".getBytes(), null)
                .attach(null, null, new byte[] {0}, null));
        List<Entity> parts = parts(parse(m));
        ContentTypeField csv = (ContentTypeField) parts.get(1).getHeader().getField("Content-Type");
        assertEquals("text/csv", csv.getMimeType());
        assertEquals("us-ascii", csv.getParameter("charset"));
        assertEquals("present", csv.getParameter("header"));
        assertEquals("data.csv", csv.getParameter("name"));
        assertEquals("application/octet-stream", parts.get(2).getMimeType());
        assertEquals("attachment", parts.get(2).getDispositionType());
        assertEquals(null, parts.get(2).getFilename());
    }

    @Test
    void invalidAttachmentsAreViolations() {
        MimeFixtures.Req r = req();
        r.attachments.add(new OutboundRequest.Attachment("ok.txt", "text/plain", "aGk=", null));
        r.attachments.add(new OutboundRequest.Attachment("a.txt", "text/plain", "not base64!", null));
        r.attachments.add(new OutboundRequest.Attachment("b.txt", "textplain", "aGk=", null));
        r.attachments.add(new OutboundRequest.Attachment("c.txt", "multipart/mixed", "aGk=", null));
        r.attachments.add(new OutboundRequest.Attachment("d.eml", "message/rfc822", "aGk=", null));
        r.attachments.add(new OutboundRequest.Attachment("e.png", "image/png", "aGk=", "dup@x"));
        r.attachments.add(new OutboundRequest.Attachment("f.png", "image/png", "aGk=", "dup@x"));
        r.attachments.add(new OutboundRequest.Attachment("g.png", "image/png", "aGk=", "has space@x"));
        r.attachments.add(new OutboundRequest.Attachment("h.png", "image/pngé", "aGk", "ünï@x"));
        r.attachments.add(new OutboundRequest.Attachment("i".repeat(256), "text/plain; charset", "a", null));
        assertEquals(List.of(
                new Violation("attachments[1].content_base64", "is not valid base64"),
                new Violation("attachments[2].content_type",
                        "must be type/subtype (RFC 2045 tokens), optionally with parameters"),
                new Violation("attachments[3].content_type",
                        "multipart/mixed cannot be sent as a base64 attachment; use application/octet-stream"),
                new Violation("attachments[4].content_type",
                        "message/rfc822 cannot be sent as a base64 attachment; use application/octet-stream"),
                new Violation("attachments[6].content_id", "duplicates attachments[5].content_id"),
                new Violation("attachments[7].content_id", "must not contain whitespace or control characters"),
                new Violation("attachments[8].content_type",
                        "must be type/subtype (RFC 2045 tokens), optionally with parameters"),
                new Violation("attachments[8].content_id", "must be ASCII"),
                new Violation("attachments[9].filename", "is longer than 255 characters"),
                new Violation("attachments[9].content_type",
                        "must be type/subtype (RFC 2045 tokens), optionally with parameters"),
                new Violation("attachments[9].content_base64", "is not valid base64")),
                MimeFixtures.BUILDER.problems(r.build()));
    }
}
