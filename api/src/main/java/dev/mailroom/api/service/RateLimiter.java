package dev.mailroom.api.service;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import dev.mailroom.api.config.ApiKeysConfig;
import dev.mailroom.api.repository.RateWindowSql;
import dev.mailroom.platform.auth.Caller;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * The per-key rate limit shared by every api replica (ADR 0031): a fixed one-minute window per key in PostgreSQL
 * ({@code api.rate_window}), counted with one statement per request. Fixed rather than sliding: one row and one
 * round trip per request, and the IETF {@code RateLimit} headers describe it exactly (the limit, what is left, when
 * the window resets); the price is that a client may spend two windows' worth across a window boundary.
 */
@ApplicationScoped
public class RateLimiter {

    /** What a request's count says: admitted or not, and the numbers of the {@code RateLimit-*} headers. */
    public record Decision(boolean admitted, int limit, int remaining, long resetSeconds) {
    }

    private final RateWindowSql windows;
    private final Pool pool;
    private final ApiKeysConfig config;
    private final Vertx vertx;
    private long purgeTimer = -1;

    public RateLimiter(RateWindowSql windows, Pool pool, ApiKeysConfig config, Vertx vertx) {
        this.windows = windows;
        this.pool = pool;
        this.config = config;
        this.vertx = vertx;
    }

    void start(@Observes StartupEvent event) {
        purgeTimer = vertx.setPeriodic(60_000, id -> windows.purge(pool).subscribe().with(
                n -> Log.debugf("rate windows purged rows=%d", n),
                e -> Log.warnf("rate windows not purged error=%s", e.toString())));
    }

    @PreDestroy
    void stop() {
        if (purgeTimer >= 0) {
            vertx.cancelTimer(purgeTimer);
        }
    }

    /** The limit of {@code caller}: its own rate, else {@code mailroom.api.rate-per-minute}. */
    public int limitOf(Caller caller) {
        return caller.ratePerMinute() != null ? caller.ratePerMinute() : config.ratePerMinute();
    }

    /** Counts one request of {@code caller}; fails when PostgreSQL cannot be asked. */
    public Uni<Decision> acquire(Caller caller) {
        int limit = limitOf(caller);
        return windows.increment(pool, caller.keyId()).map(c -> new Decision(c.count() <= limit, limit,
                Math.max(0, limit - c.count()), Math.max(1, (c.millisToReset() + 999) / 1000)));
    }
}
