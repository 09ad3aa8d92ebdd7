package dev.mailroom.agenthost.service;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;

import dev.mailroom.agenthost.config.AgentHostConfig;
import dev.mailroom.contract.Json;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.http.HttpClient;

/**
 * Verifies API keys by asking egress-sender, which owns them: {@code GET /v1/api-keys/self} with the caller's key
 * answers 200 and the key's id, domains and admin flag for a valid key, 401 otherwise. Positive answers are cached
 * for {@code mailroom.agents-api.cache-ttl}, keyed by the SHA-256 of the token (never the token itself), so a revoked
 * key works here at most that long. Egress unreachable or answering anything else is {@link Unavailable}.
 */
@ApplicationScoped
public class ApiKeyVerifier {

    /** A verified key. */
    public record Caller(String keyId, List<String> domains, boolean admin) {

        /** Whether this key may act for mail from {@code domain}: admins everywhere, others within their domains. */
        public boolean covers(String domain) {
            return admin || domains.stream().anyMatch(d -> d.equalsIgnoreCase(domain));
        }
    }

    /** Egress could not say whether the key is valid. */
    public static class Unavailable extends RuntimeException {
        public Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private record Cached(Caller caller, Instant until) {
    }

    private final ConcurrentHashMap<String, Cached> cache = new ConcurrentHashMap<>();
    private final AgentHostConfig config;
    private final HttpClient client;

    public ApiKeyVerifier(AgentHostConfig config, Vertx vertx) {
        this.config = config;
        this.client = vertx.createHttpClient(new HttpClientOptions()
                .setConnectTimeout((int) config.agentsApi().timeout().toMillis()));
    }

    /** The caller of {@code token}, or null when egress says the key is not valid. */
    public Uni<Caller> verify(String token) {
        if (token == null || token.isBlank()) {
            return Uni.createFrom().nullItem();
        }
        String hash = sha256(token);
        Cached hit = cache.get(hash);
        if (hit != null && hit.until().isAfter(Instant.now())) {
            return Uni.createFrom().item(hit.caller());
        }
        RequestOptions request = new RequestOptions().setMethod(HttpMethod.GET)
                .setAbsoluteURI(config.agentsApi().egressUrl().replaceAll("/+$", "") + "/v1/api-keys/self")
                .putHeader("Authorization", "Bearer " + token).putHeader("Accept", "application/json")
                .setIdleTimeout(config.agentsApi().timeout().toMillis());
        return client.request(request)
                .chain(r -> r.send())
                .chain(response -> response.body().map(body -> {
                    int status = response.statusCode();
                    if (status == 401 || status == 403) {
                        cache.remove(hash);
                        return null;
                    }
                    if (status != 200) {
                        throw new Unavailable("egress answered " + status + " to a key check", null);
                    }
                    Caller caller = parse(body.toString(StandardCharsets.UTF_8));
                    cache.put(hash, new Cached(caller, Instant.now().plus(config.agentsApi().cacheTtl())));
                    return caller;
                }))
                .ifNoItem().after(config.agentsApi().timeout()).failWith(() -> new Unavailable("egress timed out", null))
                .onFailure(f -> !(f instanceof Unavailable)).transform(f -> {
                    Log.warnf("api key check failed egress=%s error=%s", config.agentsApi().egressUrl(), f.toString());
                    return new Unavailable("egress unreachable", f);
                });
    }

    static Caller parse(String json) {
        try {
            JsonNode n = Json.mapper().readTree(json);
            List<String> domains = new ArrayList<>();
            n.path("domains").forEach(d -> domains.add(d.asText()));
            String id = n.path("id").asText(null);
            if (id == null) {
                throw new Unavailable("egress's key answer has no id", null);
            }
            return new Caller(id, List.copyOf(domains), n.path("admin").asBoolean(false));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new Unavailable("egress's key answer is not JSON", e);
        }
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
