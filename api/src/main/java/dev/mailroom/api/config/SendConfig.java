package dev.mailroom.api.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How the api accepts sends ({@code POST /v1/send}, batch, MCP; ADR 0032). */
@ConfigMapping(prefix = "mailroom.send")
public interface SendConfig {

    /** Messages per {@code POST /v1/send/batch} (env MAILROOM_SEND_MAX_BATCH). */
    @WithDefault("100")
    int maxBatch();

    /** How long an Idempotency-Key and its answer are remembered (env MAILROOM_SEND_IDEMPOTENCY_WINDOW). */
    @WithDefault("24h")
    Duration idempotencyWindow();

    /**
     * How long Kafka may take to acknowledge a send before the api answers {@code 503 kafka-unavailable} (env
     * MAILROOM_SEND_KAFKA_TIMEOUT). It is the producer's own delivery timeout: a record not acknowledged by then is
     * dropped by the producer and never written later, so a 503 means nothing was accepted. Waiting for the topic's
     * metadata (a broker unknown since start) may take as long again before that.
     */
    @WithDefault("5s")
    Duration kafkaTimeout();
}
