package dev.mailroom.api.upstream;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import dev.mailroom.stack.StackSupport;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;

/**
 * A real HTTP server standing in for agent-host: answers every request with what it received (method, URI,
 * headers, body length and SHA-256), and streams three chunks 300 ms apart under {@code .../stream}. The URLs of
 * egress-sender points at a port nobody listens on; mailbox is this echo too (its event stream).
 */
public class EchoUpstream implements QuarkusTestResourceLifecycleManager {

    /** Requests this upstream received. */
    static final java.util.concurrent.atomic.AtomicInteger SEEN = new java.util.concurrent.atomic.AtomicInteger();

    private Vertx vertx;

    @Override
    public Map<String, String> start() {
        vertx = Vertx.vertx();
        int port = StackSupport.freePort();
        HttpServer server = vertx.createHttpServer().requestHandler(request -> {
            SEEN.incrementAndGet();
            if (request.path().endsWith("/stream")) {
                request.response().setChunked(true).putHeader("Content-Type", "text/event-stream");
                String lastEventId = request.getHeader("Last-Event-ID");
                if (lastEventId != null) { // what a resuming client sent, as the owner received it
                    request.response().write(": last-event-id " + lastEventId + "\n\n");
                }
                for (int i = 0; i < 3; i++) {
                    int n = i;
                    vertx.setTimer(1 + 300L * i, t -> {
                        request.response().write("data: " + n + "\n\n");
                        if (n == 2) {
                            request.response().end();
                        }
                    });
                }
                return;
            }
            request.body().onSuccess(body -> {
                JsonObject headers = new JsonObject();
                new TreeMap<>(Map.ofEntries(request.headers().entries().toArray(Map.Entry[]::new)))
                        .forEach((k, v) -> headers.put(((String) k).toLowerCase(), v));
                JsonObject echo = new JsonObject()
                        .put("method", request.method().name())
                        .put("uri", request.uri())
                        .put("headers", headers)
                        .put("body_length", body.length())
                        .put("body_sha256", sha256(body.getBytes()));
                request.response().setStatusCode(request.path().endsWith("/missing") ? 404 : 200)
                        .putHeader("Content-Type", "application/json")
                        .putHeader("X-Upstream", "agent-host")
                        .putHeader("Connection", "keep-alive")
                        .end(echo.encode());
            });
        });
        try {
            server.listen(port, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("echo upstream did not start", e);
        }
        return Map.of("mailroom.upstream.agent-host-url", "http://127.0.0.1:" + port,
                "mailroom.upstream.egress-url", "http://127.0.0.1:" + StackSupport.freePort(),
                "mailroom.upstream.mailbox-url", "http://127.0.0.1:" + port);
    }

    static String sha256(byte[] bytes) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void stop() {
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().join();
        }
    }
}
