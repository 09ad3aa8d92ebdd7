package dev.mailroom.agenthost.webhook;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;

/**
 * A real HTTP server playing webhook agents written in another language, one per path: {@code /hook} (checks the
 * signature, counts in the state, replies, schedules, sends), {@code /slow} (first answer after the timeout),
 * {@code /flaky} (503 first), {@code /reject} (400), {@code /invalid} (200 with garbage), {@code /down} (500),
 * {@code /relay} (answers a customer and writes to a colleague in one answer).
 * Counts calls per path and delivery id.
 */
public class WebhookServer implements QuarkusTestResourceLifecycleManager {

    static final String SECRET = "webhook-secret-0123456789";
    static final Map<String, AtomicInteger> CALLS = new ConcurrentHashMap<>();

    /** The last body whose signature verified, by delivery id: the exact bytes sent. */
    static final Map<String, JsonNode> SIGNED_BODIES = new ConcurrentHashMap<>();
    private static final ObjectMapper JSON = new ObjectMapper();
    private Vertx vertx;

    @Override
    public Map<String, String> start() {
        vertx = Vertx.vertx();
        HttpServer server;
        try {
            server = vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(body -> {
                try {
                    handle(req, body.getBytes());
                } catch (Exception e) {
                    req.response().setStatusCode(599).end(e.toString());
                }
            })).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("webhook server did not start", e);
        }
        Map<String, String> config = new HashMap<>();
        Map.of("Hook", "/hook", "SlowHook", "/slow", "FlakyHook", "/flaky", "RejectingHook", "/reject",
                "InvalidHook", "/invalid", "DownHook", "/down", "RelayHook", "/relay").forEach((cls, path) -> {
                    config.put("mailroom.webhooks.\"" + cls + "\".url", "http://127.0.0.1:" + server.actualPort() + path);
                    config.put("mailroom.webhooks.\"" + cls + "\".secret", SECRET);
                });
        config.put("mailroom.webhooks.\"SlowHook\".timeout", "1s");
        return config;
    }

    static int calls(String path, String delivery) {
        AtomicInteger n = CALLS.get(path + " " + delivery);
        return n == null ? 0 : n.get();
    }

    private void handle(HttpServerRequest req, byte[] body) throws Exception {
        String delivery = req.getHeader("X-Mailroom-Delivery");
        int call = CALLS.computeIfAbsent(req.path() + " " + delivery, k -> new AtomicInteger()).incrementAndGet();
        String timestamp = req.getHeader("X-Mailroom-Timestamp");
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
        String expected = "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
        if (!expected.equals(req.getHeader("X-Mailroom-Signature"))) {
            req.response().setStatusCode(401).end();
            return;
        }
        JsonNode in = JSON.readTree(body);
        SIGNED_BODIES.put(delivery, in);
        switch (req.path()) {
            case "/hook" -> answer(req, hook(in));
            case "/relay" -> answer(req, relay(in));
            case "/slow" -> {
                if (call == 1) {
                    vertx.setTimer(3000, t -> answer(req, reply("slow ok")));
                } else {
                    answer(req, reply("slow ok"));
                }
            }
            case "/flaky" -> {
                if (call == 1) {
                    req.response().setStatusCode(503).end();
                } else {
                    answer(req, reply("flaky ok"));
                }
            }
            case "/reject" -> req.response().setStatusCode(400).end("{\"error\":\"no\"}");
            case "/invalid" -> req.response().putHeader("Content-Type", "application/json").end("this is not json");
            default -> req.response().setStatusCode(500).end();
        }
    }

    private static ObjectNode hook(JsonNode in) {
        ObjectNode out = JSON.createObjectNode();
        if (in.path("event").asText().equals("schedule")) {
            ObjectNode send = out.putArray("sends").addObject();
            send.putArray("to").add("ann@example.org");
            send.put("subject", "scheduled");
            send.put("text", "woke n=" + in.path("payload").path("n").asInt() + " thread=" + in.path("thread_id")
                    .asText());
            return out;
        }
        int count = in.path("state").path("count").asInt(0) + 1;
        int seen = 0;
        for (JsonNode thread : in.path("history")) {
            seen += thread.path("messages").size();
        }
        out.putObject("state").put("count", count);
        String subject = in.path("email").path("message").path("subject").asText();
        if (subject.equals("draft")) {
            out.putArray("drafts").addObject().put("reply", true).put("text", "proposed");
            return out;
        }
        out.putArray("replies").addObject().put("text", "hook count=" + count + " seen=" + seen);
        if (subject.equals("later")) {
            ArrayNode schedules = out.putArray("schedules");
            schedules.addObject().put("delay_seconds", 0).putObject("payload").put("n", count);
        }
        return out;
    }

    /**
     * {@code /relay}: a message with subject {@code replies first} or {@code sends first} is answered to its sender
     * and passed on, in a new message, to {@code colleague@example.org}, both in one answer whose JSON lists them in
     * that order; any other message is answered with the thread it was filed in ({@code thread=<id>}).
     */
    private static ObjectNode relay(JsonNode in) {
        String subject = in.path("email").path("message").path("subject").asText();
        String thread = "thread=" + in.path("thread_id").asText();
        ObjectNode out = JSON.createObjectNode();
        if (!subject.equals("replies first") && !subject.equals("sends first")) {
            out.putArray("replies").addObject().put("text", thread);
            return out;
        }
        ObjectNode send = JSON.createObjectNode();
        send.putArray("to").add("colleague@example.org");
        send.put("subject", "can you help?");
        send.put("text", "a customer asks");
        ObjectNode reply = JSON.createObjectNode().put("text", "we are on it " + thread);
        if (subject.equals("sends first")) {
            out.putArray("sends").add(send);
            out.putArray("replies").add(reply);
        } else {
            out.putArray("replies").add(reply);
            out.putArray("sends").add(send);
        }
        return out;
    }

    private static ObjectNode reply(String text) {
        ObjectNode out = JSON.createObjectNode();
        out.putArray("replies").addObject().put("text", text);
        return out;
    }

    private static void answer(HttpServerRequest req, ObjectNode body) {
        req.response().putHeader("Content-Type", "application/json").end(body.toString());
    }

    @Override
    public void stop() {
        if (vertx != null) {
            vertx.close();
        }
    }
}
