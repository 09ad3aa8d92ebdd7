package dev.mailroom.extract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;

import dev.mailroom.extract.Extraction.Status;

/** Inputs built to hurt: every one ends bounded, as a result, within its limits. */
class HostileInputTest {

    @Test
    void aDocxZipBombIsRefusedQuickly() {
        byte[] bomb = TestDocuments.zipBombDocx(200L << 20); // 200 MiB of XML in a few hundred KiB
        assertTrue(bomb.length < 2 << 20, "the bomb is small: " + bomb.length);
        long start = System.nanoTime();
        Extraction e = TextExtractor.extract(bomb, TestDocuments.DOCX, "bomb.docx", Limits.DEFAULTS);
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(Status.FAILED, e.status(), () -> "detail: " + e.detail());
        assertTrue(e.detail().contains("zip bomb"), e.detail());
        assertNull(e.text());
        // refused from the zip's own numbers, before 200 MiB are inflated; generous for a loaded CI machine
        assertTrue(millis < 20_000, "refused in " + millis + " ms");
    }

    @Test
    void aZipEntryLargerThanTheLimitIsRefusedEvenAtAnOrdinaryRatio() {
        Random random = new Random(17);
        byte[] docx = TestDocuments.replaceEntry(TestDocuments.docx("x"), "word/document.xml", out -> {
            out.write(("<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">"
                    + "<w:body><w:p><w:r><w:t>").getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = new byte[4096];
            for (int i = 0; i < 512; i++) { // 2 MiB of random letters: compresses only about 1.6 times
                for (int j = 0; j < chunk.length; j++) {
                    chunk[j] = (byte) ('a' + random.nextInt(26));
                }
                out.write(chunk);
            }
            out.write("</w:t></w:r></w:p></w:body></w:document>".getBytes(StandardCharsets.US_ASCII));
        });
        Extraction ok = TextExtractor.extract(docx, TestDocuments.DOCX, null, Limits.DEFAULTS);
        assertEquals(Status.DONE, ok.status(), () -> "detail: " + ok.detail());
        assertTrue(ok.text().length() >= 2 << 20 || ok.truncated());
        Extraction refused = TextExtractor.extract(docx, TestDocuments.DOCX, null,
                Limits.DEFAULTS.withMaxZipEntryBytes(1 << 20));
        assertEquals(Status.FAILED, refused.status());
        assertTrue(refused.detail().contains("zip bomb"), refused.detail());
    }

    @Test
    void aTenThousandPagePdfIsReadUpToThePageLimit() {
        byte[] pdf = TestDocuments.pdfOfPages(10_000);
        // the page limit is under test, not the time limit (its own test): a loaded machine reads 500 pages slowly
        Extraction e = TextExtractor.extract(pdf, TestDocuments.PDF, "huge.pdf",
                Limits.DEFAULTS.withTimeout(java.time.Duration.ofSeconds(120)));
        assertEquals(Status.DONE, e.status(), () -> "detail: " + e.detail());
        assertTrue(e.truncated());
        assertEquals("read the first 500 of 10000 pages", e.detail());
        assertTrue(e.text().contains("page 500"), "the last page read");
        assertFalse(e.text().contains("page 501"), "no page beyond the limit");
    }

    @Test
    void aTruncatedDocxFails() {
        for (double fraction : new double[] {0.2, 0.5, 0.9}) {
            Extraction e = TextExtractor.extract(TestDocuments.truncatedDocx(fraction), TestDocuments.DOCX,
                    "cut.docx", Limits.DEFAULTS);
            assertEquals(Status.FAILED, e.status(), () -> fraction + ": " + e.detail());
            assertTrue(e.detail().startsWith("docx: "), e.detail());
        }
    }

    @Test
    void garbageBehindAPdfHeaderFails() {
        byte[] garbage = new byte[64 * 1024];
        new Random(1).nextBytes(garbage);
        System.arraycopy("%PDF-1.7\n".getBytes(StandardCharsets.US_ASCII), 0, garbage, 0, 9);
        Extraction e = TextExtractor.extract(garbage, "application/octet-stream", null, Limits.DEFAULTS);
        assertTrue(e.status() == Status.FAILED || (e.status() == Status.DONE && e.text().isBlank()),
                () -> e.status() + " " + e.detail());
    }

    @Test
    void theTextStopsAtItsCharacterBound() {
        char[] big = new char[2_000_000];
        Arrays.fill(big, 'x');
        Extraction e = TextExtractor.extract(new String(big).getBytes(StandardCharsets.UTF_8), "text/plain", null,
                Limits.DEFAULTS);
        assertEquals(Status.DONE, e.status());
        assertTrue(e.truncated());
        assertEquals(1_000_000, e.text().length());
        assertEquals("text cut at 1000000 characters", e.detail());
    }

    @Test
    void contentOverTheInputLimitIsNotRead() {
        Extraction e = TextExtractor.extract(new byte[2048], "text/plain", null, Limits.DEFAULTS.withMaxInputBytes(
                1024));
        assertEquals(Status.FAILED, e.status());
        assertTrue(e.detail().contains("exceeds the limit of 1024"), e.detail());
    }

    @Test
    void anExtractionPastItsTimeLimitIsAbandonedAndItsThreadStops() throws InterruptedException {
        byte[] pdf = TestDocuments.pdfOfPages(3_000);
        Extraction e = TextExtractor.extract(pdf, TestDocuments.PDF, null,
                Limits.DEFAULTS.withMaxPdfPages(3_000).withTimeout(Duration.ofMillis(50)));
        assertEquals(Status.FAILED, e.status());
        assertTrue(e.detail().contains("time limit"), e.detail());
        long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (extractionThreads() > 0 && System.nanoTime() < until) {
            Thread.sleep(20);
        }
        assertEquals(0, extractionThreads(), "the abandoned thread stopped by itself");
    }

    private static long extractionThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("mailroom-extract-") && t.isAlive()).count();
    }
}
