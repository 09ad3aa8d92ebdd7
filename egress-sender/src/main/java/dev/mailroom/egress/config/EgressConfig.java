package dev.mailroom.egress.config;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of egress-sender. */
@ConfigMapping(prefix = "mailroom.egress")
public interface EgressConfig {

    /**
     * Relay all outbound mail through this SMTP server, {@code host:port} (env {@code MAILROOM_EGRESS_SMARTHOST}).
     * Unset: direct MX delivery, which is not built yet, so mail is dead-lettered with reason {@code no-route}.
     */
    Optional<String> smarthost();

    /** Name this host gives in EHLO; also the Message-ID domain fallback. */
    @WithDefault("mailroom.localhost")
    String heloName();

    /** Attempts per message (the first included) before a temporary failure becomes a dead letter. */
    @WithDefault("5")
    int maxAttempts();

    /** Wait before the first retry; doubles up to {@link #maxBackoff()}. */
    @WithDefault("2s")
    Duration retryBackoff();

    @WithDefault("60s")
    Duration maxBackoff();

    /** Trust any certificate the smarthost presents for STARTTLS (only for a smarthost on a trusted network). */
    @WithDefault("false")
    boolean smarthostTrustAll();
}
