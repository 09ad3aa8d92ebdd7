package dev.mailroom.extract;

import java.time.Duration;

/**
 * The bounds of one extraction. Every one is enforced, none is a hint: a larger input is refused before parsing, the
 * text stops at {@code maxChars} ({@link Extraction#truncated()}), a PDF is read up to {@code maxPdfPages}, the
 * whole extraction is abandoned at {@code timeout} (it runs on a thread of its own that is interrupted, and that
 * stops itself at its next character or page), an OOXML container whose entries inflate beyond
 * {@code 1 / minInflateRatio} times their compressed size or beyond {@code maxZipEntryBytes} is refused (a zip
 * bomb), and PDFBox keeps at most {@code maxMainMemoryBytes} of its scratch buffers in the heap (the rest in
 * temporary files).
 *
 * @param maxInputBytes      largest content read (default 25 MiB, SMTP's default message size)
 * @param maxChars           characters of text returned at most (default 1,000,000)
 * @param maxPdfPages        pages of a PDF read at most (default 500)
 * @param timeout            wall time of one extraction (default 10 s)
 * @param minInflateRatio    smallest compressed/inflated size ratio of a zip entry (default 0.01: 100 times)
 * @param maxZipEntryBytes   largest inflated zip entry (default 64 MiB)
 * @param maxMainMemoryBytes PDFBox scratch memory in the heap before temporary files (default 16 MiB)
 * @param maxNesting         attached e-mail inside attached e-mail, and MIME multiparts, read this deep (default 8)
 */
public record Limits(long maxInputBytes, int maxChars, int maxPdfPages, Duration timeout, double minInflateRatio,
        long maxZipEntryBytes, long maxMainMemoryBytes, int maxNesting) {

    /** The defaults named above. */
    public static final Limits DEFAULTS = new Limits(25L << 20, 1_000_000, 500, Duration.ofSeconds(10), 0.01,
            64L << 20, 16L << 20, 8);

    public Limits {
        if (maxInputBytes <= 0 || maxChars <= 0 || maxPdfPages <= 0 || maxZipEntryBytes <= 0
                || maxMainMemoryBytes <= 0 || maxNesting <= 0) {
            throw new IllegalArgumentException("extraction limits must be positive");
        }
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("the extraction timeout must be positive");
        }
        if (!(minInflateRatio > 0 && minInflateRatio < 1)) {
            throw new IllegalArgumentException("minInflateRatio must be between 0 and 1 (exclusive)");
        }
    }

    public Limits withMaxInputBytes(long value) {
        return new Limits(value, maxChars, maxPdfPages, timeout, minInflateRatio, maxZipEntryBytes,
                maxMainMemoryBytes, maxNesting);
    }

    public Limits withMaxChars(int value) {
        return new Limits(maxInputBytes, value, maxPdfPages, timeout, minInflateRatio, maxZipEntryBytes,
                maxMainMemoryBytes, maxNesting);
    }

    public Limits withMaxPdfPages(int value) {
        return new Limits(maxInputBytes, maxChars, value, timeout, minInflateRatio, maxZipEntryBytes,
                maxMainMemoryBytes, maxNesting);
    }

    public Limits withTimeout(Duration value) {
        return new Limits(maxInputBytes, maxChars, maxPdfPages, value, minInflateRatio, maxZipEntryBytes,
                maxMainMemoryBytes, maxNesting);
    }

    public Limits withMaxZipEntryBytes(long value) {
        return new Limits(maxInputBytes, maxChars, maxPdfPages, timeout, minInflateRatio, value, maxMainMemoryBytes,
                maxNesting);
    }
}
