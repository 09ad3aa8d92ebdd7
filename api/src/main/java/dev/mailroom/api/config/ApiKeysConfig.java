package dev.mailroom.api.config;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The api's API keys and rate limits (ADR 0031). */
@ConfigMapping(prefix = "mailroom.api")
public interface ApiKeysConfig {

    /**
     * An admin key that needs no stored row, so a fresh install can create its first keys (env
     * {@code MAILROOM_API_BOOTSTRAP_KEY}), at least 32 characters. The api publishes its SHA-256 as key
     * {@code bootstrap} on {@code mailroom.api-keys} at start (and a tombstone when unset), so other services verify
     * it without holding the secret. Unset: only stored keys.
     */
    Optional<String> bootstrapKey();

    /** Requests per minute and key, shared by every api replica, unless the key sets its own. */
    @WithDefault("600")
    int ratePerMinute();
}
