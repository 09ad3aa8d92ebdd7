package dev.mailroom.mailbox.retention;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

/**
 * How long mail is kept ({@code mailroom.mailbox.retention.*}, ADR 0034): per agent class, per domain, and a default;
 * the class of the mailbox wins over its domain, the domain over the default; nothing configured keeps mail forever.
 * Durations as {@code 90d}, {@code 12h} or ISO-8601 ({@code P90D}).
 */
@ConfigMapping(prefix = "mailroom.mailbox.retention")
public interface RetentionConfig {

    /** Retention of mail no class or domain rule covers; unset keeps it forever. */
    @WithName("default")
    Optional<Duration> defaultRetention();

    /** Per domain (lower case): {@code mailroom.mailbox.retention.domains."example.com"=90d}. */
    Map<String, Duration> domains();

    /** Per agent class of the mailbox: {@code mailroom.mailbox.retention.classes."Support"=30d}. */
    Map<String, Duration> classes();

    /** How often the retention job runs ({@code off} disables it). */
    @WithDefault("1h")
    String interval();

    /** Messages deleted per transaction. */
    @WithDefault("500")
    int batchSize();

    /** Batches per rule and run at most (the rest waits for the next run). */
    @WithDefault("100")
    int maxBatches();
}
