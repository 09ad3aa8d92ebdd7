package dev.mailroom.extract;

import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.pdfbox.pdmodel.encryption.InvalidPasswordException;

import dev.mailroom.mail.html.HtmlText;

/**
 * Text out of an attachment: PDF (PDFBox), DOCX/XLSX/PPTX (POI, streamed), HTML ({@link HtmlText}), {@code text/*}
 * in its charset, and attached e-mail ({@code message/rfc822}, mime4j). Pure Java, no CDI: call it from any thread
 * that may block, never from an event loop.
 *
 * <p>Bounded (see {@link Limits}): the content's size is checked first; the extraction then runs on a new daemon
 * thread while the caller waits at most {@link Limits#timeout()}; past it the thread is interrupted and abandoned
 * (it stops itself at its next page, XML event or character: every reader writes through a sink that checks the
 * deadline) and the result is {@code FAILED}. Hostile input (zip bombs, malformed containers, encrypted files,
 * running out of memory or stack) ends as {@code FAILED} with a short reason, never as an exception.
 *
 * <p>The text is <b>untrusted</b>: it is the sender's, cleaned of control characters only.
 */
public final class TextExtractor {

    private static final AtomicLong THREADS = new AtomicLong();
    private static final int MAX_DETAIL = 300;

    private TextExtractor() {
    }

    /**
     * The text of {@code content}.
     *
     * @param content     the attachment's decoded bytes
     * @param contentType its declared MIME type, parameters (charset) included; null or generic types are sniffed
     * @param filename    its file name, may be null (used when neither type nor bytes tell)
     * @param limits      the bounds, {@link Limits#DEFAULTS} usually
     * @return never null: done (with text), unsupported or failed
     */
    public static Extraction extract(byte[] content, String contentType, String filename, Limits limits) {
        if (content == null) {
            return Extraction.failed("no content");
        }
        if (content.length > limits.maxInputBytes()) {
            return Extraction.failed("content of " + content.length + " bytes exceeds the limit of "
                    + limits.maxInputBytes());
        }
        DocumentType type = DocumentType.detect(content, contentType, filename);
        if (type == null) {
            String declared = DocumentType.mimeType(contentType);
            return Extraction.unsupported("no text extraction for " + (declared.isEmpty() ? "this content" : declared));
        }
        long deadline = System.nanoTime() + limits.timeout().toNanos();
        FutureTask<Extraction> task = new FutureTask<>(() -> run(content, contentType, type, limits, deadline));
        Thread worker = new Thread(task, "mailroom-extract-" + THREADS.incrementAndGet());
        worker.setDaemon(true);
        worker.start();
        try {
            return task.get(limits.timeout().toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            worker.interrupt();
            return Extraction.failed(type.name().toLowerCase(Locale.ROOT) + ": time limit of "
                    + limits.timeout().toMillis() + " ms reached");
        } catch (InterruptedException e) {
            worker.interrupt();
            Thread.currentThread().interrupt();
            return Extraction.failed("interrupted");
        } catch (ExecutionException e) {
            return Extraction.failed(describe(type, e.getCause()));
        }
    }

    /** The extraction proper, on the worker thread. */
    private static Extraction run(byte[] content, String contentType, DocumentType type, Limits limits,
            long deadline) {
        TextSink sink = new TextSink(limits.maxChars(), deadline);
        try {
            switch (type) {
                case PDF -> PdfText.read(content, limits, sink);
                case DOCX, XLSX, PPTX -> OoxmlText.read(content, type, limits, sink);
                case HTML -> sink.append(HtmlText.toText(Charsets.decode(content, contentType), false));
                case TEXT -> sink.append(Charsets.decode(content, contentType));
                case RFC822 -> MessageText.read(content, limits, sink);
            }
        } catch (Throwable e) {
            Throwable cause = find(e, TextSink.Full.class);
            if (cause == null) {
                return Extraction.failed(describe(type, e));
            }
        }
        return Extraction.done(sink.text(), sink.truncated(), sink.note());
    }

    /** A short reason without content: the kind, then what went wrong (bounds named plainly). */
    static String describe(DocumentType type, Throwable e) {
        String kind = type.name().toLowerCase(Locale.ROOT) + ": ";
        if (find(e, TextSink.Stopped.class) != null) {
            return kind + find(e, TextSink.Stopped.class).getMessage();
        }
        if (e instanceof OutOfMemoryError) {
            return kind + "out of memory";
        }
        if (e instanceof StackOverflowError) {
            return kind + "nesting too deep";
        }
        if (find(e, InvalidPasswordException.class) != null) {
            return kind + "encrypted with a password";
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            String message = t.getMessage();
            if (message != null && message.contains("Zip bomb detected")) {
                return kind + "zip bomb: an entry inflates beyond the allowed ratio";
            }
            if (message != null && message.contains("exceeded maximum")) {
                return kind + "zip bomb: an entry or the text exceeds the allowed size";
            }
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName()
                : root.getClass().getSimpleName() + ": " + root.getMessage();
        message = message.lines().findFirst().orElse("").strip();
        return kind + (message.length() > MAX_DETAIL ? message.substring(0, MAX_DETAIL) : message);
    }

    private static <T extends Throwable> T find(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
