package dev.mailroom.mailbox.extract;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import jakarta.enterprise.context.ApplicationScoped;

import dev.mailroom.platform.observability.Metrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;

/**
 * The attachment text worker's metrics at {@code /q/metrics} (ADR 0027):
 * <ul>
 * <li>{@code mailroom_mailbox_extractions_total{status}}: contents finished, by {@code done}, {@code unsupported},
 * {@code failed}, {@code skipped}, and attempts put back for a retry ({@code retried});</li>
 * <li>{@code mailroom_mailbox_extraction_seconds{status}} (count, sum, max): one extraction's wall time (fetching
 * the bytes and running the extractor), by the extractor's status.</li>
 * </ul>
 */
@ApplicationScoped
public class ExtractMetrics {

    static final String STATUS = "status";

    private final MeterRegistry registry;
    private final Metrics.CounterFamily extractions;
    private final ConcurrentMap<String, Timer> timers = new ConcurrentHashMap<>();

    public ExtractMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.extractions = new Metrics.CounterFamily(registry, Metrics.PREFIX + "mailbox.extractions",
                "attachment contents whose text extraction finished, by status", Tags.empty(), STATUS);
    }

    void finished(String status) {
        extractions.increment(status);
    }

    void timed(String status, long startNanos) {
        timers.computeIfAbsent(status, s -> Timer.builder(Metrics.PREFIX + "mailbox.extraction")
                .description("wall time of one attachment text extraction, by status").tag(STATUS, s)
                .register(registry)).record(Duration.ofNanos(System.nanoTime() - startNanos));
    }
}
