package dev.mailroom.api.ui;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import dev.mailroom.api.config.UiConfig;
import dev.mailroom.api.repository.RateWindowSql;
import dev.mailroom.api.repository.UiSessionSql;
import dev.mailroom.api.repository.UiSessionSql.StoredSession;
import dev.mailroom.api.service.ApiMetrics;
import dev.mailroom.contract.ApiKeyRecord;
import dev.mailroom.mail.crypto.MasterKey;
import dev.mailroom.platform.auth.ApiKeyVerifier;
import dev.mailroom.platform.auth.Caller;
import dev.mailroom.platform.crypto.MasterKeys;
import dev.mailroom.platform.problem.ApiException;
import dev.mailroom.platform.problem.Problem;
import dev.mailroom.platform.table.ApiKeyTable;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * The inbox's sessions (ADR 0039): sign-in with an API key, the session a cookie names, sign-out, and the sweep of
 * expired rows. A session acts as its key and nothing more: the key is checked on every use, so a revoked key ends
 * its sessions (the row is deleted when it is next used, or swept when it expires). Sessions live in PostgreSQL
 * ({@code api.ui_session}), shared by every replica; this process keeps what it looked up for
 * {@code mailroom.ui.cache-for} (sign-out here is at once; another replica's within that time). Never blocks; safe
 * for concurrent use.
 */
@ApplicationScoped
public class UiSessions {

    /** A live session: its id (the cookie's value), the key it acts as, and when it ends unless used again. */
    public record Active(String id, String token, Caller caller, Instant expiresAt, Instant lastSeenAt,
            Instant idleExpiresAt, Instant cachedAt) {

        /** When the session ends if it is not used again. */
        public Instant endsAt() {
            return idleExpiresAt.isBefore(expiresAt) ? idleExpiresAt : expiresAt;
        }

        /** Hides the key. */
        @Override
        public String toString() {
            return "Active[key=" + caller.keyId() + ", ends=" + endsAt() + "]";
        }
    }

    /** At most this many sessions are remembered by this process (beyond: forgotten, looked up again). */
    private static final int CACHE_LIMIT = 10_000;

    private final UiConfig config;
    private final UiSessionSql sessions;
    private final RateWindowSql windows;
    private final Pool pool;
    private final ApiKeyVerifier verifier;
    private final ApiKeyTable keyTable;
    private final Optional<MasterKey> masterKey;
    private final Vertx vertx;
    private final ApiMetrics metrics;
    private final Clock clock;
    private final Map<String, Active> cache = new ConcurrentHashMap<>();
    /**
     * Sessions this process saw end (signed out, key revoked), until no lookup begun before could still be in
     * flight: a request that read the row before the sign-out must not put the session back into {@link #cache}.
     */
    private final Map<String, Instant> ended = new ConcurrentHashMap<>();
    private long sweepTimer = -1;

    @Inject
    public UiSessions(UiConfig config, UiSessionSql sessions, RateWindowSql windows, Pool pool,
            ApiKeyVerifier verifier, ApiKeyTable keyTable, MasterKeys masterKeys, Vertx vertx, ApiMetrics metrics) {
        this.config = validated(config);
        this.sessions = sessions;
        this.windows = windows;
        this.pool = pool;
        this.verifier = verifier;
        this.keyTable = keyTable;
        this.masterKey = masterKeys.key();
        this.vertx = vertx;
        this.metrics = metrics;
        this.clock = Clock.systemUTC();
    }

    static UiConfig validated(UiConfig config) {
        if (config.idleTimeout().isNegative() || config.idleTimeout().isZero()) {
            throw new IllegalArgumentException("mailroom.ui.idle-timeout must be positive");
        }
        if (config.absoluteTimeout().compareTo(config.idleTimeout()) < 0) {
            throw new IllegalArgumentException("mailroom.ui.absolute-timeout must be at least mailroom.ui.idle-timeout");
        }
        if (config.signInPerMinute() < 1) {
            throw new IllegalArgumentException("mailroom.ui.sign-in-per-minute must be at least 1");
        }
        if (config.cacheFor().isNegative()) {
            throw new IllegalArgumentException("mailroom.ui.cache-for must not be negative");
        }
        return config;
    }

    void start(@Observes StartupEvent event) {
        sweepTimer = vertx.setPeriodic(60_000, id -> sweep().subscribe().with(
                n -> Log.debugf("ui sessions swept rows=%d", n),
                e -> Log.warnf("ui sessions not swept error=%s", e.toString())));
    }

    @PreDestroy
    void stop() {
        if (sweepTimer >= 0) {
            vertx.cancelTimer(sweepTimer);
        }
    }

    /** The cookie's {@code Max-Age}: the absolute timeout. */
    public Duration maxAge() {
        return config.absoluteTimeout();
    }

    /**
     * Signs in from {@code clientAddress} with {@code apiKey}: one attempt counted on the address's window first
     * ({@code 429} above the limit, without looking at the key), then the key checked like a Bearer key ({@code 401}
     * naming {@code api_key}), then a new session stored.
     */
    public Uni<Active> signIn(String apiKey, String clientAddress) {
        return windows.increment(pool, "ui-sign-in:" + clientAddress, 1)
                .onFailure().transform(e -> {
                    Log.warnf("sign-in attempts not counted error=%s", e.toString());
                    return ApiException.unavailable("rate-limit-unavailable",
                            "sign-in attempts cannot be counted right now; retry later");
                })
                .chain(count -> {
                    if (count.count() > config.signInPerMinute()) {
                        Log.infof("sign-in refused: too many attempts client=%s", clientAddress);
                        metrics.uiSession("rate-limited");
                        return Uni.createFrom().failure(new ApiException(Problem.of(429, "rate-limited",
                                "Too many requests", "too many sign-in attempts from this address; retry later"),
                                Math.max(1, (count.millisToReset() + 999) / 1000)));
                    }
                    return verifier.verify(apiKey);
                })
                .chain(caller -> {
                    if (caller == null) {
                        Log.infof("sign-in refused: not a valid key client=%s", clientAddress);
                        metrics.uiSession("unauthorized");
                        return Uni.createFrom().failure(new ApiException(Problem.of(401, "unauthorized",
                                "Unauthorized", "api_key: not a valid API key",
                                List.of(new Problem.FieldError("api_key", "not a valid API key")))));
                    }
                    Instant now = clock.instant();
                    String id = SessionSecrets.newId();
                    Instant expires = now.plus(config.absoluteTimeout());
                    Instant idle = min(now.plus(config.idleTimeout()), expires);
                    StoredSession row = new StoredSession(SessionSecrets.hash(id), caller.keyId(),
                            SessionSecrets.seal(id, apiKey, masterKey), now, now, idle, expires);
                    return sessions.insert(pool, row).map(v -> {
                        Active active = new Active(id, apiKey, caller, expires, now, idle, now);
                        remember(active);
                        Log.infof("ui session started key=%s", caller.keyId());
                        metrics.uiSession("signed-in");
                        return active;
                    });
                });
    }

    /**
     * The live session of {@code id}, or a null item: unknown, expired, unreadable, or its key no longer valid (then
     * the row is deleted). A {@code KeyCheckUnavailable} failure when keys cannot be checked right now.
     */
    public Uni<Active> current(String id) {
        if (!SessionSecrets.wellFormed(id)) {
            return Uni.createFrom().nullItem();
        }
        Instant now = clock.instant();
        String hash = SessionSecrets.hash(id);
        if (ended.containsKey(hash)) {
            return Uni.createFrom().nullItem();
        }
        Active cached = cache.get(hash);
        Uni<Active> found;
        if (cached != null && cached.id().equals(id) && now.isBefore(cached.cachedAt().plus(config.cacheFor()))) {
            found = Uni.createFrom().item(cached);
        } else {
            found = sessions.find(pool, hash, now).map(row -> row.map(r -> open(id, r, now)).orElse(null));
        }
        return found.chain(session -> {
            if (session == null || !now.isBefore(session.endsAt())) {
                cache.remove(hash);
                return Uni.createFrom().nullItem();
            }
            return verifier.verify(session.token()).chain(caller -> {
                if (caller == null) {
                    Log.infof("ui session ended: its key is no longer valid key=%s", session.caller().keyId());
                    forget(hash);
                    return sessions.delete(pool, hash).replaceWith((Active) null);
                }
                return touched(hash, new Active(session.id(), session.token(), caller, session.expiresAt(),
                        session.lastSeenAt(), session.idleExpiresAt(), session.cachedAt()), now);
            });
        });
    }

    /** Ends the session of {@code id} here and for every replica; whether it existed. */
    public Uni<Boolean> signOut(String id) {
        if (!SessionSecrets.wellFormed(id)) {
            return Uni.createFrom().item(false);
        }
        String hash = SessionSecrets.hash(id);
        forget(hash);
        return sessions.delete(pool, hash).invoke(existed -> {
            if (existed) {
                Log.infof("ui session ended: signed out");
                metrics.uiSession("signed-out");
            }
        });
    }

    /** The key record's name of {@code caller}, when the key table has one. */
    public Optional<String> nameOf(Caller caller) {
        return keyTable.table().get(caller.keyId()).map(ApiKeyRecord::name);
    }

    /** Deletes expired sessions (every minute) and forgets expired ones here. */
    public Uni<Integer> sweep() {
        Instant now = clock.instant();
        cache.values().removeIf(s -> !now.isBefore(s.endsAt()));
        ended.values().removeIf(until -> !now.isBefore(until));
        return sessions.sweep(pool, now);
    }

    /** Slides the idle expiry when the last recorded use is older than a tenth of the idle timeout (a minute at most). */
    private Uni<Active> touched(String hash, Active session, Instant now) {
        Duration every = min(config.idleTimeout().dividedBy(10), Duration.ofMinutes(1));
        if (now.isBefore(session.lastSeenAt().plus(every))) {
            remember(session);
            return Uni.createFrom().item(session);
        }
        Instant idle = min(now.plus(config.idleTimeout()), session.expiresAt());
        return sessions.touch(pool, hash, now, idle).map(v -> {
            Active moved = new Active(session.id(), session.token(), session.caller(), session.expiresAt(), now, idle,
                    now);
            remember(moved);
            return moved;
        });
    }

    private Active open(String id, StoredSession row, Instant now) {
        try {
            String token = SessionSecrets.open(id, row.sealedKey(), masterKey);
            // the caller is checked again right after (current), the placeholder only carries the key id
            return new Active(id, token, new Caller(row.keyId(), java.util.Set.of(), List.of(), null),
                    row.expiresAt(), row.lastSeenAt(), row.idleExpiresAt(), now);
        } catch (SessionSecrets.Unsealable e) {
            Log.warnf("ui session unreadable key=%s reason=%s", row.keyId(), e.getMessage());
            return null;
        }
    }

    private void remember(Active session) {
        String hash = SessionSecrets.hash(session.id());
        if (ended.containsKey(hash)) {
            return;
        }
        if (cache.size() >= CACHE_LIMIT) {
            cache.clear();
        }
        cache.put(hash, session);
    }

    /**
     * Ends session {@code hash} in this process: out of the cache, and kept out for long enough (the cache time
     * plus the slowest lookup) that a request which read it before cannot cache it again. The map is bounded by
     * sign-outs within that time; {@link #sweep} empties it.
     */
    private void forget(String hash) {
        ended.put(hash, clock.instant().plus(config.cacheFor()).plus(Duration.ofMinutes(2)));
        cache.remove(hash);
    }

    private static <T extends Comparable<T>> T min(T a, T b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
