package dev.mailroom.mailbox.extract;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import dev.mailroom.extract.Extraction;
import dev.mailroom.extract.Limits;
import dev.mailroom.extract.TextExtractor;
import dev.mailroom.mailbox.blob.BlobStore;
import dev.mailroom.mailbox.blob.BlobStores;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * Fills {@code attachment_text}: claims pending contents a few at a time ({@link AttachmentTextSql#claim}, leased,
 * {@code FOR UPDATE SKIP LOCKED}: replicas and a crashed worker never strand or double-read a row), reads their bytes
 * from the {@link BlobStore} holding them ({@code blob.store}, through {@link BlobStores}: bytes stored before a
 * store switch are read where they are), runs {@link TextExtractor} on this worker's own small thread pool (never an event loop;
 * {@code concurrency} threads, 1 by default on a 2-core machine) within the configured {@link Limits}, and records
 * {@code done} (text, possibly truncated), {@code unsupported}, or, after {@code max-attempts} failed attempts
 * (malformed, hostile, too slow, bytes missing), {@code failed}. A content referenced only by messages of disabled
 * agent classes is {@code skipped} without being read. Off the hot path: nothing waits for it; a message is readable
 * before, while and whatever its attachments' extraction gives.
 */
@ApplicationScoped
public class AttachmentTextWorker {

    private final AttachmentTextSql sql;
    private final BlobStores stores;
    private final ExtractConfig config;
    private final ExtractMetrics metrics;
    private final Limits limits;
    private final List<String> disabledClasses;
    private final ExecutorService executor;

    AttachmentTextWorker(AttachmentTextSql sql, BlobStores stores, ExtractConfig config, ExtractMetrics metrics) {
        this.sql = sql;
        this.stores = stores;
        this.config = config;
        this.metrics = metrics;
        this.limits = Limits.DEFAULTS.withMaxInputBytes(config.maxInputSize().asLongValue())
                .withMaxChars(config.maxChars()).withMaxPdfPages(config.maxPdfPages()).withTimeout(config.timeout());
        this.disabledClasses = config.disabledClasses().orElse(List.of()).stream().map(String::strip)
                .filter(s -> !s.isEmpty()).map(s -> s.toLowerCase(Locale.ROOT)).toList();
        int threads = Math.max(1, config.concurrency());
        AtomicInteger seq = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(),
                r -> {
                    Thread t = new Thread(r, "mailbox-extract-" + seq.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
    }

    @PreDestroy
    void stop() {
        executor.shutdownNow();
    }

    @Scheduled(every = "${mailroom.mailbox.extract.poll-interval:2s}", delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> poll() {
        if (!config.enabled()) {
            return Uni.createFrom().voidItem();
        }
        return drain().onFailure().recoverWithItem(e -> {
            Log.warnf("attachment text round failed error=%s", e.toString());
            return null;
        });
    }

    /** Claims and extracts until a claim comes back short: a backlog is worked off in one tick. */
    Uni<Void> drain() {
        int batch = Math.max(1, config.batchSize());
        return Multi.createBy().repeating().uni(this::round).whilst(n -> n == batch).collect().last()
                .replaceWithVoid();
    }

    /** One claim; the number of rows claimed. */
    private Uni<Integer> round() {
        return sql.claim(Math.max(1, config.batchSize()), config.claimLease(), disabledClasses)
                .chain(claimed -> Multi.createFrom().iterable(claimed)
                        .onItem().transformToUni(this::process).merge(Math.max(1, config.concurrency()))
                        .collect().asList().replaceWith(claimed.size()));
    }

    private Uni<Void> process(AttachmentTextSql.Claimed c) {
        if (c.wanted() == 0) {
            String why = c.references() == 0 ? "no attachment references this content"
                    : "referenced only by messages of agent classes with extraction disabled";
            return finish(c, "skipped", null, false, why);
        }
        if (c.attempts() > config.maxAttempts()) {
            // the last attempts never came back (the process died during them): give up
            return finish(c, "failed", null, false, "gave up after " + config.maxAttempts() + " attempts");
        }
        long start = System.nanoTime();
        return Uni.createFrom().deferred(() -> c.store() == null ? Uni.createFrom().<byte[]>nullItem()
                        : stores.named(c.store()).get(c.sha256()))
                .chain(bytes -> bytes == null ? Uni.createFrom().item(Extraction.failed("no bytes in the blob store"))
                        : Uni.createFrom().item(() -> TextExtractor.extract(bytes, c.contentType(), c.filename(),
                                limits)).runSubscriptionOn(executor))
                .onFailure().recoverWithItem(e -> Extraction.failed("reading the content: " + e.getClass()
                        .getSimpleName()))
                .chain(result -> {
                    if (executor.isShutdown()) {
                        // stopping: an extraction cut short by the shutdown is no attempt; the lease brings it back
                        return Uni.createFrom().voidItem();
                    }
                    metrics.timed(result.status().wire(), start);
                    if (result.status() == Extraction.Status.FAILED && c.attempts() < config.maxAttempts()) {
                        Log.infof("attachment text attempt failed sha256=%s attempt=%d detail=%s", c.sha256(),
                                c.attempts(), result.detail());
                        metrics.finished("retried");
                        return sql.retry(c.sha256(), result.detail(), config.retryBackoff().multipliedBy(c.attempts()));
                    }
                    return finish(c, result.status().wire(), result.text(), result.truncated(), result.detail());
                });
    }

    private Uni<Void> finish(AttachmentTextSql.Claimed c, String status, String text, boolean truncated,
            String detail) {
        return sql.finish(c.sha256(), status, text, truncated, detail).invoke(() -> {
            metrics.finished(status);
            Log.debugf("attachment text sha256=%s status=%s truncated=%s", c.sha256(), status, truncated);
        });
    }
}
