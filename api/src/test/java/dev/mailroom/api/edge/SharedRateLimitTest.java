package dev.mailroom.api.edge;

import static dev.mailroom.api.support.Keys.BOOTSTRAP;
import static dev.mailroom.api.support.Keys.as;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.mailroom.api.config.ApiKeysConfig;
import dev.mailroom.api.repository.RateWindowSql;
import dev.mailroom.api.service.RateLimiter;
import dev.mailroom.api.support.Keys;
import dev.mailroom.platform.auth.ApiKeyVerifier;
import dev.mailroom.platform.auth.Caller;
import dev.mailroom.stack.KafkaTestResource;
import dev.mailroom.stack.PostgresTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.PgPool;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.PoolOptions;

/**
 * The rate limit is one per key for every api replica: two more limiters, each with its own connection pool as a
 * replica has, count on the same PostgreSQL as the api under test, and all three together admit exactly the key's
 * rate per window.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresTestResource.class)
class SharedRateLimitTest {

    @Inject
    ApiKeyVerifier verifier;
    @Inject
    ApiKeysConfig config;
    @Inject
    Vertx vertx;

    private final List<Pool> pools = new ArrayList<>();

    @BeforeEach
    void bootstrap() {
        Keys.awaitBootstrap();
    }

    @AfterEach
    void close() {
        pools.forEach(Pool::closeAndAwait);
        pools.clear();
    }

    private RateLimiter replica() {
        Pool pool = PgPool.pool(vertx, PgConnectOptions.fromUri(PostgresTestResource.reactiveUrl())
                .setUser("mailroom").setPassword("mailroom"), new PoolOptions().setMaxSize(4));
        pools.add(pool);
        return new RateLimiter(new RateWindowSql(), pool, config, vertx);
    }

    /** A new key of {@code rate} per minute, at the start of a fresh window so the test ends within it. */
    private Caller key(int rate) {
        String token = Keys.create(BOOTSTRAP, List.of("read"), List.of("rate.example"), rate).getString("token");
        // wait through the verifier, not the edge: polling the edge would spend the key's rate
        await().atMost(Duration.ofSeconds(10)).until(() -> verifier.verify(token).await().indefinitely() != null);
        Caller caller = verifier.verify(token).await().indefinitely();
        long intoMinute = System.currentTimeMillis() % 60_000;
        if (intoMinute > 45_000) {
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                    .until(() -> System.currentTimeMillis() % 60_000 < 10_000);
        }
        tokens.put(caller.keyId(), token);
        return caller;
    }

    private final java.util.Map<String, String> tokens = new java.util.HashMap<>();

    @Test
    void twoReplicasAndTheApiShareOneWindowPerKey() {
        Caller caller = key(5);
        RateLimiter a = replica();
        RateLimiter b = replica();
        assertTrue(a.acquire(caller).await().indefinitely().admitted());
        assertTrue(b.acquire(caller).await().indefinitely().admitted());
        assertTrue(a.acquire(caller).await().indefinitely().admitted());
        RateLimiter.Decision fourth = b.acquire(caller).await().indefinitely();
        assertTrue(fourth.admitted());
        assertEquals(1, fourth.remaining(), "b sees a's requests");

        String token = tokens.get(caller.keyId());
        as(token).get("/v1/api-keys").then().statusCode(403).header("RateLimit-Limit", "5")
                .header("RateLimit-Remaining", "0");
        String retry = as(token).get("/v1/api-keys").then().statusCode(429)
                .contentType("application/problem+json")
                .body("type", equalTo("https://mailroom.dev/problems/rate-limited"))
                .header("RateLimit-Remaining", "0")
                .extract().header("Retry-After");
        long seconds = Long.parseLong(retry);
        assertTrue(seconds >= 1 && seconds <= 60, retry);
        assertFalse(a.acquire(caller).await().indefinitely().admitted(), "the api's requests count for a too");
    }

    @Test
    void concurrentRequestsOnTwoReplicasAreAdmittedExactlyUpToTheRate() {
        Caller caller = key(10);
        RateLimiter a = replica();
        RateLimiter b = replica();
        List<Uni<RateLimiter.Decision>> all = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            all.add((i % 2 == 0 ? a : b).acquire(caller));
        }
        List<RateLimiter.Decision> decisions = Uni.join().all(all).andFailFast().await().atMost(Duration.ofSeconds(30));
        assertEquals(10, decisions.stream().filter(RateLimiter.Decision::admitted).count(), decisions.toString());
    }
}
