package dev.mailroom.api.rest;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.mailroom.stack.StackSupport;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The key check the api makes today (platform's RemoteApiKeyVerifier: {@code GET /v1/api-keys/self} on the key
 * owner), answered by a real HTTP server for three fixed test keys: {@link #ADMIN} (admin, every domain),
 * {@link #MAIL_TEST} (domain {@code mail.test}), {@link #OTHER} (domain {@code other.test}); anything else is 401.
 */
public class KeySelfServer implements QuarkusTestResourceLifecycleManager {

    public static final String ADMIN = "mr_cfadmin_0123456789abcdef0123456789abcdef";
    public static final String MAIL_TEST = "mr_cfmail_0123456789abcdef0123456789abcdef";
    public static final String OTHER = "mr_cfother_0123456789abcdef0123456789abcdef";

    private static final Map<String, JsonObject> KEYS = Map.of(
            "Bearer " + ADMIN, new JsonObject().put("id", "cfadmin").put("admin", true)
                    .put("domains", new JsonArray().add("*")),
            "Bearer " + MAIL_TEST, new JsonObject().put("id", "cfmail").put("admin", false)
                    .put("domains", new JsonArray().add("mail.test")).put("rate_per_minute", 600),
            "Bearer " + OTHER, new JsonObject().put("id", "cfother").put("admin", false)
                    .put("domains", new JsonArray().add("other.test")).put("rate_per_minute", 600));

    private Vertx vertx;

    @Override
    public Map<String, String> start() {
        vertx = Vertx.vertx();
        int port = StackSupport.freePort();
        try {
            vertx.createHttpServer().requestHandler(request -> {
                JsonObject key = request.path().equals("/v1/api-keys/self")
                        ? KEYS.get(request.getHeader("Authorization")) : null;
                if (key == null) {
                    request.response().setStatusCode(401).end();
                } else {
                    request.response().putHeader("Content-Type", "application/json").end(key.encode());
                }
            }).listen(port, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("key server did not start", e);
        }
        return Map.of("mailroom.api-keys.egress-url", "http://127.0.0.1:" + port);
    }

    @Override
    public void stop() {
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().join();
        }
    }
}
