package dev.mailroom.platform.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import dev.mailroom.contract.Json;
import io.vertx.mutiny.core.Vertx;

/**
 * The HTTP key check against a real local HTTP server playing egress-sender's {@code /v1/api-keys/self}; also
 * {@link ApiKeyVerifierContract} for {@link RemoteApiKeyVerifier} over the server's key table, with the cache TTL as
 * its documented revocation bound.
 */
class RemoteApiKeyVerifierTest implements ApiKeyVerifierContract {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private static final Duration TTL = Duration.ofSeconds(30);

    /** Keys issued by the contract: token to its {@code /self} JSON. */
    private final Map<String, String> keys = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private HttpServer server;
    private Vertx vertx;
    private Instant now = Instant.parse("2026-12-07T00:00:00Z");

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/api-keys/self", this::self);
        server.start();
        vertx = Vertx.vertx();
    }

    @AfterEach
    void stop() {
        server.stop(0);
        vertx.closeAndAwait();
    }

    private void self(HttpExchange exchange) throws IOException {
        String token = BearerToken.of(exchange.getRequestHeaders().getFirst("Authorization"));
        calls.computeIfAbsent(String.valueOf(token), t -> new AtomicInteger()).incrementAndGet();
        String issued = keys.get(String.valueOf(token));
        if (issued != null) {
            answer(exchange, 200, issued);
            return;
        }
        switch (String.valueOf(token)) {
            case "domain-key" -> answer(exchange, 200,
                    "{\"id\":\"k1\",\"domains\":[\"example.com\"],\"admin\":false,\"rate_per_minute\":60}");
            case "admin-key" -> answer(exchange, 200, "{\"id\":\"k2\",\"domains\":[\"*\"],\"admin\":true}");
            case "failing-key" -> answer(exchange, 500, "{}");
            case "garbled-key" -> answer(exchange, 200, "not json");
            default -> answer(exchange, 401, "{\"status\":401}");
        }
    }

    private static void answer(HttpExchange exchange, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    private RemoteApiKeyVerifier verifier(String url) {
        return new RemoteApiKeyVerifier(url, TTL, Duration.ofSeconds(8), vertx, () -> now);
    }

    private String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
    }

    private RemoteApiKeyVerifier contractVerifier;

    @Override
    public ApiKeyVerifier verifier() {
        if (contractVerifier == null) {
            contractVerifier = verifier(url());
        }
        return contractVerifier;
    }

    @Override
    public IssuedKey issue(List<String> domains, boolean admin) {
        String id = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        IssuedKey key = new IssuedKey("mr_" + id + "_" + UUID.randomUUID(), id);
        Map<String, Object> self = Map.of("id", id, "domains", admin ? List.of("*") : domains, "admin", admin);
        keys.put(key.token(), new String(Json.encode(self), StandardCharsets.UTF_8));
        return key;
    }

    @Override
    public void revoke(IssuedKey key) {
        keys.remove(key.token());
    }

    @Override
    public void letRevocationTakeEffect() {
        now = now.plus(TTL).plusSeconds(1);
    }

    @Override
    public boolean makeStoreUnavailable() {
        server.stop(0);
        return true;
    }

    @Test
    void validKeysComeBackAsCallersInvalidOnesAsNull() {
        RemoteApiKeyVerifier v = verifier(url());
        assertEquals(new Caller("k1", false, List.of("example.com"), 60),
                v.verify("domain-key").await().atMost(WAIT));
        Caller admin = v.verify("admin-key").await().atMost(WAIT);
        assertTrue(admin.admin());
        assertNull(admin.ratePerMinute());
        assertNull(v.verify("nobody").await().atMost(WAIT));
        assertNull(v.verify(null).await().atMost(WAIT));
        assertNull(v.verify("two words").await().atMost(WAIT), "never sent as a header");
        assertNull(calls.get("two words"));
    }

    @Test
    void validKeysAreCachedForTheTtlRefusalsNot() {
        RemoteApiKeyVerifier v = verifier(url());
        v.verify("domain-key").await().atMost(WAIT);
        v.verify("domain-key").await().atMost(WAIT);
        assertEquals(1, calls.get("domain-key").get());
        now = now.plusSeconds(31);
        v.verify("domain-key").await().atMost(WAIT);
        assertEquals(2, calls.get("domain-key").get());
        v.verify("nobody").await().atMost(WAIT);
        v.verify("nobody").await().atMost(WAIT);
        assertEquals(2, calls.get("nobody").get());
    }

    @Test
    void anUnusableAnswerOrNoAnswerIsUnavailable() {
        RemoteApiKeyVerifier v = verifier(url());
        for (String key : List.of("failing-key", "garbled-key")) {
            RuntimeException e = assertThrows(RuntimeException.class, () -> v.verify(key).await().atMost(WAIT));
            assertInstanceOf(KeyCheckUnavailable.class, e, key);
        }
        server.stop(0);
        RemoteApiKeyVerifier gone = verifier(url());
        assertInstanceOf(KeyCheckUnavailable.class,
                assertThrows(RuntimeException.class, () -> gone.verify("domain-key").await().atMost(WAIT)));
    }
}
