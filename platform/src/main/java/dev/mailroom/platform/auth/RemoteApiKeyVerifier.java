package dev.mailroom.platform.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;

import dev.mailroom.contract.Json;
import io.quarkus.arc.DefaultBean;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.http.HttpClient;

/**
 * Verifies API keys by asking egress-sender, which owns them: {@code GET <egress-url>/v1/api-keys/self} with
 * {@code Authorization: Bearer <key>} answers 200 and the key's id, domains, admin flag and rate for a valid key,
 * 401 or 403 otherwise; anything else, no answer within {@code mailroom.api-keys.timeout} or an unreadable body is
 * {@link KeyCheckUnavailable}.
 *
 * <p>Valid answers are cached for {@code mailroom.api-keys.cache-ttl}, keyed by the SHA-256 of the token (the token
 * itself is never kept): a revoked key keeps working here for at most that long. Refusals are not cached. Above
 * {@value #CACHE_PURGE_SIZE} entries, expired ones are dropped before a new one is added.
 *
 * <p>The default {@link ApiKeyVerifier}: a service with its own key store (egress-sender) replaces it by declaring
 * another bean; replacing the HTTP check by a table of keys read from Kafka is this one class. Non-blocking (Vert.x
 * HTTP client); safe for concurrent use.
 */
@ApplicationScoped
@DefaultBean
public class RemoteApiKeyVerifier implements ApiKeyVerifier {

    static final int CACHE_PURGE_SIZE = 10_000;

    private record Cached(Caller caller, Instant until) {
    }

    private final Map<String, Cached> cache = new ConcurrentHashMap<>();
    private final String selfUrl;
    private final Duration ttl;
    private final Duration timeout;
    private final InstantSource clock;
    private final HttpClient client;

    @Inject
    public RemoteApiKeyVerifier(ApiKeysConfig config, Vertx vertx) {
        this(config.egressUrl(), config.cacheTtl(), config.timeout(), vertx, Clock.systemUTC());
    }

    RemoteApiKeyVerifier(String egressUrl, Duration ttl, Duration timeout, Vertx vertx, InstantSource clock) {
        this.selfUrl = egressUrl.replaceAll("/+$", "") + "/v1/api-keys/self";
        this.ttl = ttl;
        this.timeout = timeout;
        this.clock = clock;
        this.client = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout((int) timeout.toMillis()));
    }

    @Override
    public Uni<Caller> verify(String token) {
        if (token == null || token.isEmpty() || token.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
            return Uni.createFrom().nullItem(); // no key looks like this, and it must not reach a request header
        }
        String digest = sha256(token);
        Instant now = clock.instant();
        Cached hit = cache.get(digest);
        if (hit != null && hit.until().isAfter(now)) {
            return Uni.createFrom().item(hit.caller());
        }
        RequestOptions request = new RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI(selfUrl)
                .putHeader("Authorization", "Bearer " + token).putHeader("Accept", "application/json")
                .setIdleTimeout(timeout.toMillis());
        return client.request(request)
                .chain(r -> r.send())
                .chain(response -> response.body().map(body -> {
                    int status = response.statusCode();
                    if (status == 401 || status == 403) {
                        cache.remove(digest);
                        return null;
                    }
                    if (status != 200) {
                        throw new KeyCheckUnavailable("egress answered " + status + " to a key check", null);
                    }
                    Caller caller = parse(body.getBytes());
                    remember(digest, caller);
                    return caller;
                }))
                .ifNoItem().after(timeout).failWith(() -> new KeyCheckUnavailable("egress timed out", null))
                .onFailure().transform(f -> {
                    Log.warnf("api key check failed url=%s error=%s", selfUrl, f.toString());
                    return f instanceof KeyCheckUnavailable ? f : new KeyCheckUnavailable("egress unreachable", f);
                });
    }

    private void remember(String digest, Caller caller) {
        Instant now = clock.instant();
        if (cache.size() >= CACHE_PURGE_SIZE) {
            cache.values().removeIf(c -> !c.until().isAfter(now));
        }
        cache.put(digest, new Cached(caller, now.plus(ttl)));
    }

    /** The caller in egress-sender's {@code /v1/api-keys/self} answer. */
    static Caller parse(byte[] json) {
        JsonNode n;
        try {
            n = Json.mapper().readTree(json);
        } catch (IOException e) {
            throw new KeyCheckUnavailable("egress's key answer is not JSON", e);
        }
        String id = n == null ? null : n.path("id").asText(null);
        if (id == null) {
            throw new KeyCheckUnavailable("egress's key answer has no id", null);
        }
        List<String> domains = new ArrayList<>();
        n.path("domains").forEach(d -> domains.add(d.asText()));
        JsonNode rate = n.path("rate_per_minute");
        return new Caller(id, n.path("admin").asBoolean(false), domains, rate.isInt() ? rate.intValue() : null);
    }

    static String sha256(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always present", e);
        }
    }
}
