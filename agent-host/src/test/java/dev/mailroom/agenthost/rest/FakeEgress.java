package dev.mailroom.agenthost.rest;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;

/**
 * Plays egress-sender's {@code GET /v1/api-keys/self} on a local port (a real Vert.x HTTP server, outside Quarkus):
 * known tokens get their key as JSON, {@code broken-key} a 500, anything else 401. Counts the checks per token, and
 * can be stopped and started again on the same port (egress unreachable).
 */
public class FakeEgress implements QuarkusTestResourceLifecycleManager {

    static final Map<String, String> KEYS = Map.of(
            "admin-key", "{\"id\":\"k-admin\",\"domains\":[],\"admin\":true,\"rate_per_minute\":600}",
            "scoped-key", "{\"id\":\"k-scoped\",\"domains\":[\"agents.test\"],\"admin\":false,\"rate_per_minute\":60}",
            "elsewhere-key", "{\"id\":\"k-else\",\"domains\":[\"elsewhere.test\"],\"admin\":false}",
            "cache-key", "{\"id\":\"k-cache\",\"domains\":[],\"admin\":false}",
            "unreached-key", "{\"id\":\"k-unreached\",\"domains\":[],\"admin\":false}");

    static final Map<String, AtomicInteger> CHECKS = new ConcurrentHashMap<>();
    private static Vertx vertx;
    private static HttpServer server;
    private static int port;

    @Override
    public Map<String, String> start() {
        vertx = Vertx.vertx();
        listen(0);
        return Map.of("mailroom.api-keys.egress-url", "http://127.0.0.1:" + port);
    }

    private static void listen(int wanted) {
        try {
            server = vertx.createHttpServer().requestHandler(req -> {
                String auth = req.getHeader("Authorization");
                String token = auth != null && auth.startsWith("Bearer ") ? auth.substring(7) : "";
                CHECKS.computeIfAbsent(token, t -> new AtomicInteger()).incrementAndGet();
                if (!req.path().equals("/v1/api-keys/self")) {
                    req.response().setStatusCode(404).end();
                } else if (token.equals("broken-key")) {
                    req.response().setStatusCode(500).end("{}");
                } else if (KEYS.containsKey(token)) {
                    req.response().putHeader("Content-Type", "application/json").end(KEYS.get(token));
                } else {
                    req.response().setStatusCode(401).putHeader("Content-Type", "application/problem+json")
                            .end("{\"status\":401}");
                }
            }).listen(wanted, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            port = server.actualPort();
        } catch (Exception e) {
            throw new IllegalStateException("fake egress did not start", e);
        }
    }

    /** Egress goes away. */
    static void stopServer() throws Exception {
        server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /** Egress comes back on the same port. */
    static void startServer() {
        listen(port);
    }

    static int checks(String token) {
        AtomicInteger n = CHECKS.get(token);
        return n == null ? 0 : n.get();
    }

    @Override
    public void stop() {
        if (vertx != null) {
            vertx.close();
        }
    }
}
