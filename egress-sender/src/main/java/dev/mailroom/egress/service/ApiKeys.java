package dev.mailroom.egress.service;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

import jakarta.enterprise.context.ApplicationScoped;

import dev.mailroom.egress.config.ApiConfig;
import dev.mailroom.egress.model.ApiKey;
import dev.mailroom.egress.repository.ApiKeyRepository;
import dev.mailroom.egress.repository.ApiKeySql;
import dev.mailroom.platform.auth.ApiKeyVerifier;
import dev.mailroom.platform.auth.Caller;
import dev.mailroom.platform.auth.KeyCheckUnavailable;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * API keys: tokens {@code mr_<id>_<secret>} with a 256-bit random secret, stored as SHA-256 and compared in
 * constant time. The configured bootstrap key is an admin key that is never stored. egress-sender's
 * {@link ApiKeyVerifier}: it replaces platform's remote verifier (which asks this service) by a local lookup.
 */
@ApplicationScoped
public class ApiKeys implements ApiKeyVerifier {

    /** Key id of the configured bootstrap key. */
    public static final String BOOTSTRAP_ID = "bootstrap";

    private static final SecureRandom RANDOM = new SecureRandom();

    private final ApiKeyRepository keys;
    private final ApiKeySql keySql;
    private final Pool pool;
    private final ApiConfig config;
    private final byte[] bootstrapHash;

    public ApiKeys(ApiKeyRepository keys, ApiKeySql keySql, Pool pool, ApiConfig config) {
        this.keys = keys;
        this.keySql = keySql;
        this.pool = pool;
        this.config = config;
        String bootstrap = config.bootstrapKey().filter(s -> !s.isBlank()).orElse(null);
        if (bootstrap != null && bootstrap.length() < 32) {
            throw new IllegalArgumentException("mailroom.api.bootstrap-key must have at least 32 characters");
        }
        this.bootstrapHash = bootstrap == null ? null : sha256(bootstrap);
        if (bootstrap == null) {
            Log.info("no bootstrap API key configured (mailroom.api.bootstrap-key): only stored keys are accepted");
        }
    }

    /**
     * The caller a bearer token names, or null when the token is unknown, malformed or revoked; a
     * {@link KeyCheckUnavailable} failure when PostgreSQL cannot be asked (REST answers 503, not 500). Read on every
     * request, so in plain SQL (no ORM session); never cached, so a revocation counts at once on every replica.
     */
    @Override
    public Uni<Caller> verify(String token) {
        if (token == null || token.isBlank()) {
            return Uni.createFrom().nullItem();
        }
        byte[] presented = sha256(token);
        if (bootstrapHash != null && MessageDigest.isEqual(presented, bootstrapHash)) {
            return Uni.createFrom().item(new Caller(BOOTSTRAP_ID, true, List.of(ApiKey.ALL_DOMAINS),
                    config.ratePerMinute()));
        }
        String id = keyId(token);
        if (id == null) {
            return Uni.createFrom().nullItem();
        }
        return keySql.find(pool, id).map(key -> {
            if (key == null || key.revokedAt != null
                    || !MessageDigest.isEqual(presented, HexFormat.of().parseHex(key.secretSha256))) {
                return null;
            }
            return caller(key);
        }).onFailure().transform(f -> {
            Log.warnf("api key check failed key=%s error=%s", id, f.toString());
            return new KeyCheckUnavailable("key store unreachable", f);
        });
    }

    /** A new key and its token (the only time the token exists in clear). */
    @WithTransaction
    public Uni<Created> create(String name, List<String> domains, boolean admin, Integer ratePerMinute) {
        byte[] idBytes = new byte[9];
        byte[] secret = new byte[32];
        RANDOM.nextBytes(idBytes);
        RANDOM.nextBytes(secret);
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        ApiKey key = new ApiKey();
        key.id = b64.encodeToString(idBytes).replace('-', 'x').replace('_', 'y');
        String token = "mr_" + key.id + "_" + b64.encodeToString(secret);
        key.name = name;
        key.secretSha256 = HexFormat.of().formatHex(sha256(token));
        key.domains = String.join(",", domains.stream().map(d -> d.toLowerCase(Locale.ROOT).trim()).toList());
        key.admin = admin;
        key.ratePerMinute = ratePerMinute;
        key.createdAt = Instant.now();
        return keys.persist(key).map(saved -> new Created(saved, token));
    }

    /** Revokes a key; false when there is no such key. Revocation is immediate (keys are looked up per request). */
    @WithTransaction
    public Uni<Boolean> revoke(String id) {
        return keys.findById(id).map(key -> {
            if (key == null) {
                return false;
            }
            if (key.revokedAt == null) {
                key.revokedAt = Instant.now();
            }
            return true;
        });
    }

    @WithSession
    public Uni<List<ApiKey>> list() {
        return keys.listAll(false);
    }

    public Caller caller(ApiKey key) {
        return new Caller(key.id, key.admin, key.domainList(),
                key.ratePerMinute != null ? key.ratePerMinute : config.ratePerMinute());
    }

    /** A created key with its token. */
    public record Created(ApiKey key, String token) {
    }

    private static String keyId(String token) {
        if (!token.startsWith("mr_")) {
            return null;
        }
        int end = token.indexOf('_', 3);
        return end > 3 ? token.substring(3, end) : null;
    }

    static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
