package dev.mailroom.mailbox.rest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpServer;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A small local HTTP server standing in for agent-host's two endpoints the mailbox calls (agent-host cannot run
 * inside the mailbox's test; its own tests run the real endpoints: {@code InstanceSendApiTest}). It records each
 * request and answers what agent-host answers: {@code POST …/send} a held draft, {@code GET /v1/drafts} the answer
 * agent-host's own test recorded ({@code api/src/test/resources/recorded-answers/listDrafts.json}).
 */
public class AgentHostStandIn implements QuarkusTestResourceLifecycleManager {

    /** One request as received. */
    public record Seen(String method, String uri, String authorization, String idempotencyKey, String body) {
    }

    public static final List<Seen> SEEN = new CopyOnWriteArrayList<>();

    /** The answer of a send. */
    public static final String HELD = "{\"id\":\"d-1\",\"status\":\"held\",\"draft_id\":\"d-1\","
            + "\"message_id\":\"mr1.x@agents.test\"}";

    private HttpServer server;

    static String recordedDrafts() {
        Path file = Path.of("").toAbsolutePath().resolveSibling("api")
                .resolve("src/test/resources/recorded-answers/listDrafts.json");
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("agent-host's recorded drafts answer is missing: " + file, e);
        }
    }

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String drafts = recordedDrafts();
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            SEEN.add(new Seen(exchange.getRequestMethod(), exchange.getRequestURI().toString(),
                    exchange.getRequestHeaders().getFirst("Authorization"),
                    exchange.getRequestHeaders().getFirst("Idempotency-Key"), body));
            boolean send = exchange.getRequestMethod().equals("POST")
                    && exchange.getRequestURI().getPath().endsWith("/send");
            byte[] answer = (send ? HELD : drafts).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(send ? 202 : 200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
        return Map.of("mailroom.mailbox.agent-host-url", "http://127.0.0.1:" + server.getAddress().getPort());
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }
}
