package dev.mailroom.ingress.smtp;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Plays egress-sender's {@code GET /v1/api-keys/self} on a local HTTP server and turns on the submission listener
 * (any free port) pointed at it. Keys: {@link #DOMAIN_KEY} (domain {@code example.com}), {@link #ADMIN_KEY}, any
 * other bearer is 401; {@link #BROKEN_KEY} makes the server close the connection without an answer (egress
 * unreachable) and {@link #FAILING_KEY} answers 500.
 */
public class FakeEgress implements QuarkusTestResourceLifecycleManager {

    static final String DOMAIN_KEY = "mr_domain_key_1";
    static final String ADMIN_KEY = "mr_admin_key_1";
    /** Like {@link #DOMAIN_KEY}, for the cache test alone. */
    static final String CACHED_KEY = "mr_cached_key_1";
    static final String BROKEN_KEY = "mr_broken_1";
    static final String FAILING_KEY = "mr_failing_1";

    /** Requests seen per bearer token. */
    static final Map<String, AtomicInteger> CALLS = new ConcurrentHashMap<>();

    private HttpServer server;

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/v1/api-keys/self", FakeEgress::self);
        server.start();
        return Map.of("mailroom.smtp.submission.enabled", "true", "mailroom.smtp.submission.port", "0",
                "mailroom.api-keys.egress-url", "http://127.0.0.1:" + server.getAddress().getPort());
    }

    private static void self(HttpExchange exchange) throws IOException {
        String auth = exchange.getRequestHeaders().getFirst("Authorization");
        String token = auth != null && auth.startsWith("Bearer ") ? auth.substring(7) : "";
        CALLS.computeIfAbsent(token, t -> new AtomicInteger()).incrementAndGet();
        switch (token) {
            case DOMAIN_KEY, CACHED_KEY -> answer(exchange, 200,
                    "{\"id\":\"key-domain\",\"domains\":[\"example.com\"],\"admin\":false,\"rate_per_minute\":60}");
            case ADMIN_KEY -> answer(exchange, 200, "{\"id\":\"key-admin\",\"domains\":[\"*\"],\"admin\":true}");
            case BROKEN_KEY -> exchange.close();
            case FAILING_KEY -> answer(exchange, 500, "{\"title\":\"boom\"}");
            default -> answer(exchange, 401, "{\"title\":\"Unauthorized\"}");
        }
    }

    private static void answer(HttpExchange exchange, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }
}
