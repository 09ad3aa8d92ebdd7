package dev.mailroom.platform.auth;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How services other than egress-sender verify API keys ({@link RemoteApiKeyVerifier}). */
@ConfigMapping(prefix = "mailroom.api-keys")
public interface ApiKeysConfig {

    /**
     * Base URL of egress-sender, which owns the keys and answers {@code GET /v1/api-keys/self} (env
     * {@code MAILROOM_API_KEYS_EGRESS_URL}).
     */
    @WithDefault("http://127.0.0.1:8084")
    String egressUrl();

    /** How long a key egress-sender accepted is trusted without asking again: a revoked key works this long. */
    @WithDefault("30s")
    Duration cacheTtl();

    /** How long one check may take before it counts as unavailable ({@code 503}, SMTP {@code 454}). */
    @WithDefault("5s")
    Duration timeout();
}
