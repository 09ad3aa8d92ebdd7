package dev.mailroom.egress.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of egress-sender's delivery side. */
@ConfigMapping(prefix = "mailroom.egress")
public interface EgressConfig {

    /**
     * Relay all outbound mail through this SMTP server, {@code host:port} (env {@code MAILROOM_EGRESS_SMARTHOST}).
     * Unset: direct delivery to each recipient domain's MX.
     */
    Optional<String> smarthost();

    /** User name for AUTH at the smarthost (sent only over TLS, or to a loopback smarthost). */
    Optional<String> smarthostUsername();

    /** Password for AUTH at the smarthost (env {@code MAILROOM_EGRESS_SMARTHOST_PASSWORD}). */
    Optional<String> smarthostPassword();

    /** TLS towards the smarthost: {@code none}, {@code opportunistic} (STARTTLS when offered) or {@code required}. */
    @WithDefault("opportunistic")
    String smarthostTls();

    /** Trust any certificate the smarthost presents (only for a smarthost on a trusted network). */
    @WithDefault("false")
    boolean smarthostTrustAll();

    /**
     * Per-domain routes that bypass MX lookup, like Postfix's transport maps: {@code "example.org"=host:port}.
     * Delivered over opportunistic STARTTLS.
     */
    Map<String, String> transports();

    /** DNS resolver for MX lookups, {@code host} or {@code host:port}; unset = the system's resolvers. */
    Optional<String> dnsResolver();

    /** Name this host gives in EHLO; also the Message-ID domain fallback. */
    @WithDefault("mailroom.localhost")
    String heloName();

    /**
     * Waits between attempts of a temporarily failing recipient (RFC 5321 §4.5.4.1: minutes, then hours); the
     * last value repeats until {@link #giveUpAfter()}.
     */
    @WithDefault("1m,5m,15m,30m,1h,2h,4h")
    List<Duration> retrySchedule();

    /** A recipient still failing temporarily this long after the message was queued fails for good. */
    @WithDefault("5d")
    Duration giveUpAfter();

    /** How often the delivery worker looks for due recipients (it also runs at once when mail is spooled). */
    @WithDefault("1s")
    Duration pollInterval();

    /** Recipients claimed per worker round. */
    @WithDefault("100")
    int batchSize();

    /**
     * Bytes of messages one worker round claims at most (its first message whatever its size): what a round holds
     * in memory while it delivers. 100 recipients of 25 MiB messages would be 2.5 GB.
     */
    @WithDefault("32M")
    io.quarkus.runtime.configuration.MemorySize claimBytes();

    /** A claimed recipient not finished within this time is due again (a worker crashed). */
    @WithDefault("10m")
    Duration claimLease();

    /**
     * Concurrent SMTP connections per destination host (and to the smarthost). 16: as many as the worker delivers
     * at once ({@link #concurrency()}), below Postfix's default destination concurrency (20); with 4, deliveries
     * queued for connections and fell behind the API under load (docs/performance.md, Egress).
     */
    @WithDefault("16")
    int connectionsPerDestination();

    /** Messages delivered at once by one worker. */
    @WithDefault("16")
    int concurrency();

    @WithDefault("30s")
    Duration connectTimeout();

    /** Wait for each SMTP reply (RFC 5321 §4.5.3.2 suggests minutes). */
    @WithDefault("5m")
    Duration commandTimeout();

    /** Attempts to spool a request (database trouble) before it is dead-lettered. */
    @WithDefault("5")
    int maxAttempts();

    /** Wait before the first spool retry; doubles up to {@link #maxBackoff()}. */
    @WithDefault("2s")
    Duration retryBackoff();

    @WithDefault("60s")
    Duration maxBackoff();

    /**
     * DKIM private keys (PKCS#8 or PKCS#1 PEM files) per domain and selector:
     * {@code mailroom.egress.dkim."example.org".mr202611e=/etc/mailroom/dkim/example.org-e.pem}. Every key of the
     * sender's domain signs (ed25519 and rsa together when both exist).
     */
    Map<String, Map<String, String>> dkim();
}
