package dev.mailroom.egress.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of the send API egress-sender still serves (keys and rate limits belong to the api, ADR 0031). */
@ConfigMapping(prefix = "mailroom.api")
public interface ApiConfig {

    /** Messages per {@code POST /v1/send/batch}. */
    @WithDefault("100")
    int maxBatch();

    /** How long an Idempotency-Key is remembered. */
    @WithDefault("24h")
    Duration idempotencyWindow();
}
