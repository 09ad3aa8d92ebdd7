package dev.mailroom.api.ui;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.mailroom.stack.StackSupport;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/**
 * A real HTTP server standing in for agent-host, egress-sender and mailbox: {@code .../body} answers HTML with its
 * own Content-Security-Policy and X-Frame-Options (as the mailbox's message body will); everything else answers the
 * {@code Authorization} and {@code Cookie} headers it received.
 */
public class StandInUpstreams implements QuarkusTestResourceLifecycleManager {

    /** The stand-in body's policy. */
    static final String BODY_CSP = "default-src 'none'; img-src data:; frame-ancestors 'self'";

    private Vertx vertx;

    @Override
    public Map<String, String> start() {
        vertx = Vertx.vertx();
        int port = StackSupport.freePort();
        try {
            vertx.createHttpServer().requestHandler(request -> {
                if (request.path().endsWith("/body")) {
                    request.response().putHeader("Content-Type", "text/html; charset=utf-8")
                            .putHeader("Content-Security-Policy", BODY_CSP)
                            .putHeader("X-Frame-Options", "SAMEORIGIN")
                            .end("<p>hello</p>");
                    return;
                }
                request.body().onSuccess(body -> request.response().putHeader("Content-Type", "application/json")
                        .end(new JsonObject().put("authorization", request.getHeader("Authorization"))
                                .put("cookie", request.getHeader("Cookie"))
                                .put("method", request.method().name()).encode()));
            }).listen(port, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("stand-in upstreams did not start", e);
        }
        String url = "http://127.0.0.1:" + port;
        return Map.of("mailroom.upstream.agent-host-url", url, "mailroom.upstream.egress-url", url,
                "mailroom.upstream.mailbox-url", url);
    }

    @Override
    public void stop() {
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().join();
        }
    }
}
