package dev.mailroom.mailbox.extract;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of the attachment text worker ({@link AttachmentTextWorker}). */
@ConfigMapping(prefix = "mailroom.mailbox.extract")
public interface ExtractConfig {

    /** Extract text at all (env {@code MAILROOM_MAILBOX_EXTRACT_ENABLED}); off: rows stay pending until it is on. */
    @WithDefault("true")
    boolean enabled();

    /**
     * Agent classes whose attachments are not read (comma-separated, case-insensitive): a content referenced only by
     * messages of these classes is marked {@code skipped}. Mail of no class is always read.
     */
    Optional<List<String>> disabledClasses();

    /** How often the worker looks for pending rows (it then takes them until none is left). */
    @WithDefault("2s")
    Duration pollInterval();

    /** Extractions at once, each on a thread of the worker's own pool (never an event loop). */
    @WithDefault("1")
    int concurrency();

    /** Rows claimed at once (a claim is leased, see {@link #claimLease()}). */
    @WithDefault("2")
    int batchSize();

    /** A claimed row comes back to the queue after this long when its worker died (must exceed the timeout). */
    @WithDefault("2m")
    Duration claimLease();

    /** Attempts of a content that fails (malformed, too slow) before it is marked {@code failed}. */
    @WithDefault("3")
    int maxAttempts();

    /** Wait before the next attempt of a failed content, times the attempts made. */
    @WithDefault("1m")
    Duration retryBackoff();

    /** Largest content read; larger ones fail at once. */
    @WithDefault("25M")
    MemorySize maxInputSize();

    /** Characters of text kept per content; the rest is cut ({@code truncated}). */
    @WithDefault("1000000")
    int maxChars();

    /** Pages of a PDF read. */
    @WithDefault("500")
    int maxPdfPages();

    /** Wall time of one extraction; past it the extraction is abandoned and counts as a failed attempt. */
    @WithDefault("10s")
    Duration timeout();
}
