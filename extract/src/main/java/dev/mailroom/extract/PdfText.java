package dev.mailroom.extract;

import java.io.IOException;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.io.MemoryUsageSetting;
import org.apache.pdfbox.io.RandomAccessReadBuffer;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.text.PDFTextStripper;

/**
 * PDF text with PDFBox 3: the document read from the bytes with scratch buffers in the heap up to
 * {@link Limits#maxMainMemoryBytes()} (then temporary files), the text of its first {@link Limits#maxPdfPages()}
 * pages in reading order, the deadline checked at every page and every write. An encrypted PDF opens only without a
 * user password (owner-password restrictions are not a secret).
 */
final class PdfText {

    private PdfText() {
    }

    static void read(byte[] content, Limits limits, TextSink sink) throws IOException {
        try (PDDocument doc = Loader.loadPDF(new RandomAccessReadBuffer(content), "", null, null,
                MemoryUsageSetting.setupMixed(limits.maxMainMemoryBytes()).streamCache)) {
            sink.check();
            int pages = doc.getNumberOfPages();
            int last = Math.min(pages, limits.maxPdfPages());
            PDFTextStripper stripper = new PDFTextStripper() {
                @Override
                protected void startPage(PDPage page) throws IOException {
                    sink.check();
                    super.startPage(page);
                }
            };
            stripper.setStartPage(1);
            stripper.setEndPage(last);
            stripper.setPageEnd("\n\n");
            stripper.writeText(doc, sink.writer());
            if (pages > last) {
                sink.truncate("read the first " + last + " of " + pages + " pages");
            }
        }
    }
}
