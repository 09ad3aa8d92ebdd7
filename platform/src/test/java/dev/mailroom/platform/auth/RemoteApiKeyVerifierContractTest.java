package dev.mailroom.platform.auth;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import dev.mailroom.contract.Json;
import io.vertx.mutiny.core.Vertx;

/**
 * {@link ApiKeyVerifierContract} for {@link RemoteApiKeyVerifier}, against a real local HTTP server playing
 * egress-sender's {@code /v1/api-keys/self} over a key table; its documented revocation bound is the cache TTL.
 */
class RemoteApiKeyVerifierContractTest implements ApiKeyVerifierContract {

    private static final Duration TTL = Duration.ofSeconds(30);

    /** The key table the fake egress answers from: token to its {@code /self} JSON. */
    private final Map<String, String> keys = new ConcurrentHashMap<>();
    private HttpServer server;
    private Vertx vertx;
    private RemoteApiKeyVerifier verifier;
    private Instant now = Instant.parse("2026-12-07T00:00:00Z");

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/api-keys/self", this::self);
        server.start();
        vertx = Vertx.vertx();
        verifier = new RemoteApiKeyVerifier("http://127.0.0.1:" + server.getAddress().getPort(), TTL,
                Duration.ofSeconds(8), vertx, () -> now);
    }

    @AfterEach
    void stop() {
        server.stop(0);
        vertx.closeAndAwait();
    }

    private void self(HttpExchange exchange) throws IOException {
        String json = keys.get(String.valueOf(BearerToken.of(exchange.getRequestHeaders().getFirst("Authorization"))));
        byte[] body = (json == null ? "{\"status\":401}" : json).getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(json == null ? 401 : 200, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    @Override
    public ApiKeyVerifier verifier() {
        return verifier;
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
}
