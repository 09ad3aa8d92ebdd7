package dev.mailroom.ingress.service;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.mailroom.contract.Json;
import dev.mailroom.ingress.config.IngressConfig;
import dev.mailroom.ingress.model.ApiKey;
import io.quarkus.logging.Log;

/**
 * Verifies Mailroom API keys for SMTP submission by asking egress-sender, which owns the key store:
 * {@code GET /v1/api-keys/self} with {@code Authorization: Bearer <key>}. 200 is a valid key (its domains and admin
 * flag), 401 an invalid one; anything else, or no answer within the timeout, is {@link Unavailable}, which AUTH
 * answers with {@code 454 4.7.0} so the client retries.
 *
 * <p>Valid answers are cached for {@code mailroom.smtp.submission.key-cache-ttl}, keyed by the SHA-256 of the key
 * (the token itself is never kept): a revoked key keeps working here for at most that long. Invalid answers are not
 * cached. Blocking: called on SubEthaSMTP's session threads, never on an event loop.
 */
@ApplicationScoped
public class ApiKeyVerifier {

    /** Above this many cached keys, expired entries are dropped before a new one is added. */
    private static final int CACHE_PURGE_SIZE = 10_000;

    private final HttpClient http;
    private final URI self;
    private final Duration timeout;
    private final Duration ttl;
    private final Clock clock;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    /** egress-sender did not give a usable answer (unreachable, timeout, 5xx, unreadable body). */
    public static final class Unavailable extends Exception {
        private static final long serialVersionUID = 1L;

        Unavailable(String message) {
            super(message);
        }
    }

    private record Cached(ApiKey key, Instant expires) {
    }

    @Inject
    public ApiKeyVerifier(IngressConfig config) {
        this(config.smtp().submission().egressUrl(), config.smtp().submission().egressTimeout(),
                config.smtp().submission().keyCacheTtl(), Clock.systemUTC());
    }

    ApiKeyVerifier(String egressUrl, Duration timeout, Duration ttl, Clock clock) {
        String base = egressUrl.endsWith("/") ? egressUrl.substring(0, egressUrl.length() - 1) : egressUrl;
        this.self = URI.create(base + "/v1/api-keys/self");
        this.timeout = timeout;
        this.ttl = ttl;
        this.clock = clock;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).version(HttpClient.Version.HTTP_1_1).build();
    }

    /**
     * @return the key's description when egress-sender knows the key, empty when it refuses it (401/403)
     * @throws Unavailable when egress-sender cannot tell
     */
    public Optional<ApiKey> verify(String token) throws Unavailable {
        if (token.isEmpty() || token.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
            return Optional.empty(); // no key looks like this, and it must not reach a request header
        }
        String digest = sha256(token);
        Instant now = clock.instant();
        Cached hit = cache.get(digest);
        if (hit != null && hit.expires().isAfter(now)) {
            return Optional.of(hit.key());
        }
        HttpResponse<byte[]> response = ask(token);
        int status = response.statusCode();
        if (status == 401 || status == 403) {
            cache.remove(digest);
            return Optional.empty();
        }
        if (status != 200) {
            throw new Unavailable("egress answered " + status);
        }
        ApiKey key;
        try {
            key = Json.mapper().readValue(response.body(), ApiKey.class);
        } catch (IOException e) {
            throw new Unavailable("unreadable key description: " + e.getMessage());
        }
        if (key.id() == null) {
            throw new Unavailable("key description without id");
        }
        if (cache.size() >= CACHE_PURGE_SIZE) {
            cache.values().removeIf(c -> !c.expires().isAfter(now));
        }
        cache.put(digest, new Cached(key, now.plus(ttl)));
        return Optional.of(key);
    }

    private HttpResponse<byte[]> ask(String token) throws Unavailable {
        HttpRequest request = HttpRequest.newBuilder(self).timeout(timeout)
                .header("Authorization", "Bearer " + token).header("Accept", "application/json").GET().build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            Log.warnf("api key verification failed url=%s error=%s", self, e.toString());
            throw new Unavailable(e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unavailable("interrupted");
        }
    }

    static String sha256(String token) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha.digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always present", e);
        }
    }
}
