package dev.mailroom.platform.auth;

import io.smallrye.mutiny.Uni;

/**
 * Turns a bearer token into its {@link Caller}: the one seam between every service and the API-key store.
 *
 * <p>Implementation: {@link LocalApiKeyVerifier}, over the key table the api publishes on {@code mailroom.api-keys}
 * (ADR 0031). Thread safety: called concurrently, from event loops (REST filters, the api's edge) and worker threads
 * (SMTP sessions, which await the result); implementations never block.
 */
public interface ApiKeyVerifier {

    /**
     * The caller of {@code token}; a null item when the token is absent, malformed, unknown or revoked; a
     * {@link KeyCheckUnavailable} failure when the store cannot tell right now.
     */
    Uni<Caller> verify(String token);
}
