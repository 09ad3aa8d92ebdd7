package dev.mailroom.api.service;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import dev.mailroom.api.config.ApiKeysConfig;
import dev.mailroom.api.repository.RateWindowSql;
import dev.mailroom.platform.auth.Caller;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * The per-key rate limit shared by every api replica (ADR 0031): a fixed one-minute window per key in PostgreSQL
 * ({@code api.rate_window}). Fixed rather than sliding: one row per key and minute, and the IETF {@code RateLimit}
 * headers describe it exactly (the limit, what is left, when the window resets); the price is that a client may
 * spend two windows' worth across a window boundary.
 *
 * <p>A key's concurrent requests are counted together: while one statement for a key is out, the key's next
 * requests wait for it and then go as one {@code count = count + n}, each taking its own position in the returned
 * total, so the count stays exact while a busy key costs one statement (and one lock of its row) per round rather
 * than per request. A single key's requests would otherwise queue on its row's lock, one commit each.
 */
@ApplicationScoped
public class RateLimiter {

    /** What a request's count says: admitted or not, and the numbers of the {@code RateLimit-*} headers. */
    public record Decision(boolean admitted, int limit, int remaining, long resetSeconds) {
    }

    private final Map<String, KeyRound> rounds = new ConcurrentHashMap<>();
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
        return Uni.createFrom().<RateWindowSql.Count>emitter(emitter -> join(caller.keyId(), emitter))
                .map(c -> new Decision(c.count() <= limit, limit, Math.max(0, limit - c.count()),
                        Math.max(1, (c.millisToReset() + 999) / 1000)));
    }

    /** Puts a request in its key's next round, and starts the round when none is out. */
    private void join(String keyId, UniEmitter<? super RateWindowSql.Count> request) {
        while (true) {
            KeyRound round = rounds.computeIfAbsent(keyId, KeyRound::new);
            List<UniEmitter<? super RateWindowSql.Count>> start;
            synchronized (round) {
                if (round.retired) {
                    continue; // went idle and left the map meanwhile: join a fresh one
                }
                round.waiting.add(request);
                if (round.counting) {
                    return;
                }
                round.counting = true;
                start = round.take();
            }
            count(round, start);
            return;
        }
    }

    /** One statement for {@code requests}; then the requests that came meanwhile, or the round goes idle. */
    private void count(KeyRound round, List<UniEmitter<? super RateWindowSql.Count>> requests) {
        windows.increment(pool, round.keyId, requests.size()).subscribe().with(total -> {
            int first = total.count() - requests.size();
            for (int i = 0; i < requests.size(); i++) {
                requests.get(i).complete(new RateWindowSql.Count(first + i + 1, total.millisToReset()));
            }
            next(round);
        }, failure -> {
            requests.forEach(r -> r.fail(failure));
            next(round);
        });
    }

    private void next(KeyRound round) {
        List<UniEmitter<? super RateWindowSql.Count>> more;
        synchronized (round) {
            if (round.waiting.isEmpty()) {
                round.counting = false;
                round.retired = true;
                rounds.remove(round.keyId, round);
                return;
            }
            more = round.take();
        }
        count(round, more);
    }

    /** A key's requests waiting for the statement that is out ({@code counting}), guarded by the round itself. */
    private static final class KeyRound {
        final String keyId;
        List<UniEmitter<? super RateWindowSql.Count>> waiting = new ArrayList<>();
        boolean counting;
        boolean retired;

        KeyRound(String keyId) {
            this.keyId = keyId;
        }

        List<UniEmitter<? super RateWindowSql.Count>> take() {
            List<UniEmitter<? super RateWindowSql.Count>> taken = waiting;
            waiting = new ArrayList<>();
            return taken;
        }
    }
}
