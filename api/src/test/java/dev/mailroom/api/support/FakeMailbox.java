package dev.mailroom.api.support;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.mailroom.stack.StackSupport;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * A real HTTP server standing in for the mailbox service's internal port: {@code GET /v1/messages/{id}} answers a
 * delivered message for any id but {@code missing} (404), and only with {@link TestKeys#MAILER}'s or
 * {@link TestKeys#ADMIN}'s key (401 otherwise), as the mailbox checks the key the api passes on.
 */
public class FakeMailbox implements QuarkusTestResourceLifecycleManager {

    private Vertx vertx;

    @Override
    public Map<String, String> start() {
        vertx = Vertx.vertx();
        int port = StackSupport.freePort();
        try {
            vertx.createHttpServer().requestHandler(request -> {
                String auth = String.valueOf(request.getHeader("Authorization"));
                if (!auth.equals("Bearer " + TestKeys.MAILER) && !auth.equals("Bearer " + TestKeys.ADMIN)) {
                    request.response().setStatusCode(401).end();
                    return;
                }
                String id = request.path().substring(request.path().lastIndexOf('/') + 1);
                if (!request.path().startsWith("/v1/messages/") || id.equals("missing")) {
                    request.response().setStatusCode(404).end();
                    return;
                }
                request.response().putHeader("Content-Type", "application/json").end(new JsonObject()
                        .put("id", id).put("direction", "outbound").put("status", "delivered")
                        .put("recipients", new JsonArray().add(new JsonObject().put("address", "ann@accept.test")
                                .put("status", "delivered").put("attempts", 1).put("last_reply", "250 2.0.0 ok")))
                        .encode());
            }).listen(port, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("fake mailbox did not start", e);
        }
        return Map.of("mailroom.upstream.mailbox-url", "http://127.0.0.1:" + port);
    }

    @Override
    public void stop() {
        if (vertx != null) {
            vertx.close();
        }
    }
}
