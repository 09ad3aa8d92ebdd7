package dev.mailroom.api.service;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import dev.mailroom.api.config.ApiKeysConfig;
import dev.mailroom.api.messaging.ApiKeyPublisher;
import dev.mailroom.api.repository.ApiKeySql;
import dev.mailroom.api.repository.ApiKeySql.StoredKey;
import dev.mailroom.contract.ApiKeyRecord;
import dev.mailroom.platform.auth.Caller;
import dev.mailroom.platform.auth.LocalApiKeyVerifier;
import dev.mailroom.platform.auth.Permission;
import dev.mailroom.platform.page.Page;
import dev.mailroom.platform.page.PageToken;
import dev.mailroom.platform.problem.ApiException;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * The key store (ADR 0031): tokens {@code mr_<id>_<secret>} with a 256-bit random secret, stored and published as
 * SHA-256 only. Every change reaches {@code mailroom.api-keys} before its answer: a new key is committed only once
 * its record is acknowledged (the insert and the publication share one transaction), a revocation is committed and
 * then tombstoned (a failed tombstone answers 503 and the client's retry publishes it again). At start every key is
 * published again (records for active keys, tombstones for revoked ones) and the bootstrap key's record is published
 * (or tombstoned when none is configured): idempotent, so any number of replicas may do it.
 *
 * <p>Scope: a caller with {@code admin} manages every key; a caller with {@code keys} manages only keys whose
 * permissions are within its own (never {@code admin}) and whose domains it covers. Keys outside a caller's scope
 * do not exist for it ({@code 404}); creating a wider key is {@code 403}.
 */
@ApplicationScoped
public class ApiKeys {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final ApiKeySql sql;
    private final Pool pool;
    private final ApiKeyPublisher publisher;
    private final ApiKeysConfig config;

    public ApiKeys(ApiKeySql sql, Pool pool, ApiKeyPublisher publisher, ApiKeysConfig config) {
        this.sql = sql;
        this.pool = pool;
        this.publisher = publisher;
        this.config = config;
        config.bootstrapKey().filter(k -> !k.isBlank()).ifPresent(k -> {
            if (k.length() < 32) {
                throw new IllegalArgumentException("mailroom.api.bootstrap-key must have at least 32 characters");
            }
        });
    }

    /** A created key and its token, the only time the token exists in clear. */
    public record Created(ApiKeyRecord key, String token) {
    }

    void republish(@Observes StartupEvent start) {
        republishAll().subscribe().with(n -> Log.infof("api keys published keys=%d", n),
                e -> Log.errorf("api keys not republished at start error=%s", e.toString()));
    }

    /** Publishes every stored key again (tombstones for revoked ones) and the bootstrap key; the number of keys. */
    public Uni<Integer> republishAll() {
        Uni<Void> bootstrap = config.bootstrapKey().filter(k -> !k.isBlank())
                .map(k -> publisher.publish(ApiKeyRecord.of(LocalApiKeyVerifier.BOOTSTRAP_ID, "bootstrap",
                        LocalApiKeyVerifier.sha256Hex(k), List.of(Permission.ADMIN.wireName()),
                        List.of(Caller.ALL_DOMAINS), null, Instant.EPOCH)))
                .orElseGet(() -> publisher.tombstone(LocalApiKeyVerifier.BOOTSTRAP_ID));
        return bootstrap.chain(() -> sql.everyKey(pool)).chain(keys -> Multi.createFrom().iterable(keys)
                .onItem().transformToUniAndConcatenate(k -> k.revoked() ? publisher.tombstone(k.record().id())
                        : publisher.publish(k.record()))
                .collect().last().replaceWith(keys.size()));
    }

    /** Creates a key within {@code caller}'s scope; the answer comes once its record is acknowledged. */
    public Uni<Created> create(Caller caller, String name, Set<Permission> permissions, List<String> domains,
            Integer ratePerMinute) {
        requireKeysPermission(caller);
        if (!within(caller, permissions, domains)) {
            throw ApiException.forbidden("a key may only create keys within its own permissions and domains"
                    + (caller.admin() ? "" : " (never admin)"));
        }
        byte[] idBytes = new byte[9];
        byte[] secret = new byte[32];
        RANDOM.nextBytes(idBytes);
        RANDOM.nextBytes(secret);
        // letters and digits only: the id ends at the token's first '_' after "mr_"
        String id = "k" + HexFormat.of().formatHex(idBytes);
        String token = "mr_" + id + "_" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        ApiKeyRecord key = ApiKeyRecord.of(id, name, LocalApiKeyVerifier.sha256Hex(token),
                permissions.stream().map(Permission::wireName).toList(), domains, ratePerMinute,
                Instant.now().truncatedTo(ChronoUnit.MICROS));
        return pool.withTransaction(tx -> sql.insert(tx, key).chain(() -> publisher.publish(key)))
                // not committed: a record that may have reached the topic is withdrawn (its token was never shown)
                .onFailure().call(e -> publisher.tombstone(id).onFailure().recoverWithNull())
                .onFailure().transform(ApiKeys::unavailable)
                .invoke(() -> Log.infof("api key created key=%s by=%s permissions=%s domains=%s", id,
                        caller.keyId(), key.permissions(), key.domains()))
                .replaceWith(new Created(key, token));
    }

    /** One page of the active keys within {@code caller}'s scope, in creation order. */
    public Uni<Page<ApiKeyRecord>> list(Caller caller, int limit, String pageToken) {
        requireKeysPermission(caller);
        Cursor after = Cursor.parse(PageToken.decode(pageToken));
        // read past keys outside the scope: a page is full unless the list ends
        return collect(caller, after, limit + 1, new ArrayList<>())
                .map(keys -> Page.of(keys, limit, k -> new Cursor(k.createdAt(), k.id()).toString()));
    }

    private Uni<List<ApiKeyRecord>> collect(Caller caller, Cursor after, int wanted, List<ApiKeyRecord> found) {
        int batch = Math.max(wanted * 2, 50);
        return sql.active(pool, after == null ? null : after.createdAt(), after == null ? null : after.id(), batch)
                .onFailure().transform(ApiKeys::unavailable)
                .chain(rows -> {
                    for (StoredKey row : rows) {
                        if (found.size() == wanted) {
                            break;
                        }
                        if (manages(caller, row.record())) {
                            found.add(row.record());
                        }
                    }
                    if (found.size() == wanted || rows.size() < batch) {
                        return Uni.createFrom().item(found);
                    }
                    ApiKeyRecord last = rows.get(rows.size() - 1).record();
                    return collect(caller, new Cursor(last.createdAt(), last.id()), wanted, found);
                });
    }

    /** The active key {@code id} if {@code caller} may manage it; 404 otherwise. */
    public Uni<ApiKeyRecord> get(Caller caller, String id) {
        requireKeysPermission(caller);
        return sql.find(pool, id).onFailure().transform(ApiKeys::unavailable).map(key -> {
            if (key == null || key.revoked() || !manages(caller, key.record())) {
                throw ApiException.notFound("API key " + id);
            }
            return key.record();
        });
    }

    /**
     * Revokes {@code id} if {@code caller} may manage it (404 otherwise): committed, then tombstoned on the topic;
     * completes after the tombstone's acknowledgement. Revoking a revoked key publishes its tombstone again.
     */
    public Uni<Void> revoke(Caller caller, String id) {
        requireKeysPermission(caller);
        return sql.find(pool, id).onFailure().transform(ApiKeys::unavailable).chain(key -> {
            if (key == null || !manages(caller, key.record())) {
                throw ApiException.notFound("API key " + id);
            }
            return sql.revoke(pool, id).onFailure().transform(ApiKeys::unavailable)
                    .chain(() -> publisher.tombstone(id).onFailure().transform(ApiKeys::unavailable))
                    .invoke(() -> Log.infof("api key revoked key=%s by=%s", id, caller.keyId()));
        });
    }

    /** Whether {@code caller} may manage {@code key}: admin, or {@code keys} and the key within its scope. */
    static boolean manages(Caller caller, ApiKeyRecord key) {
        Set<Permission> permissions = EnumSet.noneOf(Permission.class);
        key.permissions().forEach(p -> Permission.ofWireName(p).ifPresent(permissions::add));
        return within(caller, permissions, key.domains());
    }

    /** Whether a key of {@code permissions} and {@code domains} is within {@code caller}'s scope. */
    static boolean within(Caller caller, Set<Permission> permissions, List<String> domains) {
        if (caller.admin()) {
            return true;
        }
        if (!caller.may(Permission.KEYS) || permissions.contains(Permission.ADMIN)
                || !caller.permissions().containsAll(permissions)) {
            return false;
        }
        return domains.stream().allMatch(caller::covers);
    }

    private static void requireKeysPermission(Caller caller) {
        if (!caller.may(Permission.KEYS)) {
            throw ApiException.forbidden("managing API keys needs the keys permission");
        }
    }

    private static Throwable unavailable(Throwable failure) {
        if (failure instanceof ApiException) {
            return failure;
        }
        Log.warnf("api key store unavailable error=%s", failure.toString());
        return ApiException.unavailable("key-store-unavailable", "the API key store cannot be reached; retry later");
    }

    /** A list position: after the key created at {@code createdAt} with {@code id}. */
    record Cursor(Instant createdAt, String id) {

        static Cursor parse(String text) {
            if (text == null) {
                return null;
            }
            int bar = text.indexOf('|');
            try {
                return new Cursor(Instant.parse(text.substring(0, bar)), text.substring(bar + 1));
            } catch (RuntimeException e) {
                throw ApiException.invalid(List.of(new dev.mailroom.platform.problem.Problem.FieldError("page_token",
                        "not a page token of this list: pass next_page_token of the previous page as it was")));
            }
        }

        @Override
        public String toString() {
            return createdAt + "|" + id;
        }
    }
}
