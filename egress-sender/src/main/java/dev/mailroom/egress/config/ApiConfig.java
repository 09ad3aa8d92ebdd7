package dev.mailroom.egress.config;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of egress-sender's API keys (the key store and its rate limit, until the api owns keys). */
@ConfigMapping(prefix = "mailroom.api")
public interface ApiConfig {

    /**
     * An admin key accepted besides the stored keys, so a fresh install can create its first keys (env
     * {@code MAILROOM_API_BOOTSTRAP_KEY}). At least 32 characters. Unset: only stored keys.
     */
    Optional<String> bootstrapKey();

    /** Requests per minute and key, unless the key sets its own. */
    @WithDefault("600")
    int ratePerMinute();
}
