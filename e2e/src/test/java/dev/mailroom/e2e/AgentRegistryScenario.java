package dev.mailroom.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * Issue 15, as a user meets it: a webhook agent class created through the agents API ({@code POST /v1/agents})
 * answers mail sent by SMTP ({@code swaks}), with no router or ingress setting naming it; deleting it makes RCPT
 * refuse the address within seconds. The webhook is a small HTTP server here that checks the signature. Run by
 * {@link EchoEndToEndIT} on its stack (one {@code bin/mailroom up} for every end-to-end scenario).
 */
final class AgentRegistryScenario {

    private static final Duration REPLY_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration WITHIN = Duration.ofSeconds(15);
    private static final String SECRET = "e2e-webhook-secret-0123456789";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Stack stack;
    private final SmtpSink sink;
    private final AtomicInteger calls = new AtomicInteger();
    private final AtomicInteger badSignatures = new AtomicInteger();

    AgentRegistryScenario(Stack stack, SmtpSink sink) {
        this.stack = stack;
        this.sink = sink;
    }

    /** The webhook: checks X-Mailroom-Signature, answers a reply naming the instance. */
    private void answer(HttpExchange exchange) throws java.io.IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        String timestamp = exchange.getRequestHeaders().getFirst("X-Mailroom-Timestamp");
        String expected;
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
            expected = "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (java.security.GeneralSecurityException e) {
            throw new java.io.IOException(e);
        }
        byte[] out;
        int status;
        if (!expected.equals(exchange.getRequestHeaders().getFirst("X-Mailroom-Signature"))) {
            badSignatures.incrementAndGet();
            status = 401;
            out = new byte[0];
        } else {
            calls.incrementAndGet();
            JsonNode in = JSON.readTree(body);
            String instance = in.path("agent").path("instance").asText();
            // the payload's names are snake_case (ADR 0030): agent.class_name, thread_id, email.received_at
            String names = "class=" + in.path("agent").path("class_name").asText() + " t="
                    + !in.path("thread_id").asText().isEmpty() + " r=" + in.path("email")
                    .path("received_at").asText().endsWith("Z");
            status = 200;
            out = JSON.writeValueAsBytes(Map.of("replies", List.of(Map.of("text",
                    "triage webhook answering instance=" + instance + " " + names))));
        }
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, out.length == 0 ? -1 : out.length);
        try (var os = exchange.getResponseBody()) {
            os.write(out);
        }
    }

    private HttpResponse<String> api(String method, String path, String json) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + stack.env.get("MAILROOM_HTTP_PORT") + path))
                .header("Authorization", "Bearer " + stack.bootstrapKey())
                .header("Content-Type", "application/json")
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json));
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private Stack.Result swaks(String to, String id) throws Exception {
        return Stack.run(List.of("swaks", "--server", "127.0.0.1:" + stack.smtpPort, "--from", "tester@example.org",
                "--to", to, "--header", "Subject: " + id, "--header", "Message-Id: <" + id + "@e2e.example>",
                "--body", "hello from " + id, "--timeout", "60"), Map.of(), Duration.ofSeconds(90));
    }

    void run() throws Exception {
        HttpServer webhook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        webhook.createContext("/triage", this::answer);
        webhook.start();
        try {
            run(webhook);
        } finally {
            webhook.stop(0);
        }
    }

    private void run(HttpServer webhook) throws Exception {
        Stack.Result before = swaks("triage+t0@agents.localhost", "registry-before");
        assertTrue(before.output().contains("550 5.1.1"), "unknown before: " + before.output());

        String url = "http://127.0.0.1:" + webhook.getAddress().getPort() + "/triage";
        HttpResponse<String> created = api("POST", "/v1/agents", "{\"name\":\"Triage\",\"address\":\"triage\","
                + "\"webhook\":{\"url\":\"" + url + "\",\"secret\":\"" + SECRET + "\",\"timeout\":\"10s\"}}");
        assertEquals(201, created.statusCode(), created.body());
        assertFalse(created.body().contains(SECRET), created.body());
        assertEquals("webhook", JSON.readTree(created.body()).path("kind").asText(), created.body());

        // no router or ingress setting: both follow the agent registry within seconds
        String id = "registry-" + System.nanoTime();
        Stack.Result[] sent = new Stack.Result[1];
        await().atMost(WITHIN).pollInterval(Duration.ofMillis(500)).until(() -> {
            sent[0] = swaks("triage+t1@agents.localhost", id);
            return sent[0].exitCode() == 0;
        });
        assertTrue(sent[0].output().contains("250 2.0.0 Ok: queued as"), sent[0].output());
        String marker = "In-Reply-To: <" + id + "@e2e.example>";
        await().atMost(REPLY_TIMEOUT).pollInterval(Duration.ofMillis(250))
                .until(() -> sink.messages().stream().anyMatch(m -> m.contains(marker)));
        String reply = sink.messages().stream().filter(m -> m.contains(marker)).findFirst().orElseThrow();
        Map<String, String> headers = EchoEndToEndIT.headers(reply);
        assertTrue(headers.get("body").contains("triage webhook answering instance=t1 class=Triage t=true r=true"),
                reply);
        assertEquals("Re: " + id, headers.get("Subject"));
        assertTrue(headers.get("From").contains("triage+t1@agents.localhost"), headers.get("From"));
        assertEquals(0, badSignatures.get(), "every call signed with the secret given to the API");

        HttpResponse<String> deleted = api("DELETE", "/v1/agents/Triage", null);
        assertEquals(204, deleted.statusCode(), deleted.body());
        long start = System.nanoTime();
        await().atMost(WITHIN).pollInterval(Duration.ofMillis(500))
                .until(() -> swaks("triage+t2@agents.localhost", "registry-after").output().contains("550 5.1.1"));
        System.out.printf("RCPT refused %d ms after DELETE%n", (System.nanoTime() - start) / 1_000_000);
        assertEquals(404, api("GET", "/v1/agents/Triage", null).statusCode());
    }
}
