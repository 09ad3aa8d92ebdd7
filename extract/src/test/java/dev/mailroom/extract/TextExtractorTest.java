package dev.mailroom.extract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.mailroom.extract.Extraction.Status;

class TextExtractorTest {

    private static Extraction extract(byte[] content, String type, String filename) {
        return TextExtractor.extract(content, type, filename, Limits.DEFAULTS);
    }

    private static String done(Extraction e) {
        assertEquals(Status.DONE, e.status(), () -> "detail: " + e.detail());
        return e.text();
    }

    @Test
    void pdfPagesAreReadInOrder() {
        Extraction e = extract(TestDocuments.pdf("Invoice 2026-117", "Total due: 420 EUR"), TestDocuments.PDF,
                "invoice.pdf");
        String text = done(e);
        assertTrue(text.indexOf("Invoice 2026-117") >= 0 && text.indexOf("Invoice 2026-117") < text.indexOf(
                "Total due: 420 EUR"), text);
        assertFalse(e.truncated());
    }

    @Test
    void docxParagraphsBecomeLines() {
        String text = done(extract(TestDocuments.docx("Quarterly report", "Revenue grew by 12%"), TestDocuments.DOCX,
                "report.docx"));
        assertEquals("Quarterly report\nRevenue grew by 12%", text);
    }

    @Test
    void xlsxRowsBecomeTabSeparatedLinesUnderTheSheetName() {
        String text = done(extract(TestDocuments.xlsx("Budget", List.of(List.of("item", "cost"),
                List.of("servers", 1200), List.of("coffee", 35.5))), TestDocuments.XLSX, "budget.xlsx"));
        assertTrue(text.startsWith("Budget\n"), text);
        assertTrue(text.contains("item\tcost\nservers\t1200\ncoffee\t35.5"), text);
    }

    @Test
    void pptxSlidesAreReadInPresentationOrder() {
        String text = done(extract(TestDocuments.pptx("First slide: agenda", "Second slide: numbers",
                "Third slide: questions"), TestDocuments.PPTX, "deck.pptx"));
        int first = text.indexOf("First slide: agenda");
        int second = text.indexOf("Second slide: numbers");
        int third = text.indexOf("Third slide: questions");
        assertTrue(first >= 0 && first < second && second < third, text);
    }

    @Test
    void htmlBecomesTextWithoutScriptsOrStyles() {
        byte[] html = ("<html><head><style>p{color:red}</style><script>alert('x')</script></head>"
                + "<body><h1>Hello</h1><p>World &amp; friends</p></body></html>").getBytes(StandardCharsets.UTF_8);
        assertEquals("Hello\nWorld & friends", done(extract(html, "text/html; charset=utf-8", "page.html")));
    }

    @Test
    void plainTextIsDecodedWithItsDeclaredCharset() {
        byte[] latin1 = "café crème".getBytes(StandardCharsets.ISO_8859_1);
        assertEquals("café crème", done(extract(latin1, "text/plain; charset=ISO-8859-1", "menu.txt")));
        byte[] utf8 = "naïve résumé".getBytes(StandardCharsets.UTF_8);
        assertEquals("naïve résumé", done(extract(utf8, "text/plain", null)));
    }

    @Test
    void attachedEmailGivesHeadersBodyAndNestedAttachmentNames() {
        String eml = """
                From: Alice <alice@example.org>
                To: bob@example.org
                Subject: =?UTF-8?Q?Caf=C3=A9_plans?=
                MIME-Version: 1.0
                Content-Type: multipart/mixed; boundary="outer"

                --outer
                Content-Type: text/plain; charset=utf-8

                Let us meet on Friday.
                --outer
                Content-Type: application/pdf; name="agenda.pdf"
                Content-Disposition: attachment; filename="agenda.pdf"
                Content-Transfer-Encoding: base64

                JVBERi0xLjQK
                --outer
                Content-Type: message/rfc822

                From: carol@example.org
                Subject: Earlier thread
                Content-Type: multipart/mixed; boundary="inner"

                --inner
                Content-Type: text/plain

                inner body
                --inner
                Content-Type: text/csv; name="numbers.csv"
                Content-Disposition: attachment; filename="numbers.csv"

                a,b
                --inner--
                --outer--
                """.replace("\n", "\r\n");
        String text = done(extract(eml.getBytes(StandardCharsets.UTF_8), "message/rfc822", "fwd.eml"));
        assertTrue(text.contains("Subject: Café plans"), text);
        assertTrue(text.contains("From: Alice <alice@example.org>"), text);
        assertTrue(text.contains("Let us meet on Friday."), text);
        assertTrue(text.contains("- agenda.pdf"), text);
        assertTrue(text.contains("- (e-mail) Earlier thread"), text);
        assertTrue(text.contains("- numbers.csv (in: Earlier thread)"), text);
        assertFalse(text.contains("inner body"), "only the outer message's body: " + text);
    }

    @Test
    void aGenericTypeIsDecidedByTheBytes() {
        assertTrue(done(extract(TestDocuments.pdf("sniffed pdf"), "application/octet-stream", "blob"))
                .contains("sniffed pdf"));
        assertEquals("sniffed docx", done(extract(TestDocuments.docx("sniffed docx"), "application/octet-stream",
                null)));
        assertTrue(done(extract(TestDocuments.xlsx("S", List.of(List.of("sniffed xlsx"))), null, null))
                .contains("sniffed xlsx"));
        assertTrue(done(extract(TestDocuments.pptx("sniffed pptx"), "application/zip", null))
                .contains("sniffed pptx"));
        assertEquals("plain", done(extract("plain".getBytes(StandardCharsets.UTF_8), "application/octet-stream",
                null)));
        assertEquals("by name", done(extract("by name".getBytes(StandardCharsets.UTF_8), "application/x-foo",
                "notes.txt")));
    }

    @Test
    void imagesAndUnknownBinariesAreUnsupported() {
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0, 0, 13};
        Extraction e = extract(png, "image/png", "photo.png");
        assertEquals(Status.UNSUPPORTED, e.status());
        assertNull(e.text());
        assertTrue(e.detail().contains("image/png"), e.detail());
        assertEquals(Status.UNSUPPORTED, extract(new byte[] {0, 1, 2, 3, 0}, "application/octet-stream", null)
                .status());
    }

    @Test
    void controlAndBidiOverrideCharactersAreRemoved() {
        byte[] text = "a\u0000b\u001bc\u202ed\u2066e\r\nf\u0085g\tend".getBytes(StandardCharsets.UTF_8);
        assertEquals("abcde\nfg\tend", done(extract(text, "text/plain; charset=utf-8", null)));
    }
}
