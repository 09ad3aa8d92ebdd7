package dev.mailroom.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

class AgentWebhooksTest {

    static final String SECRET = "0123456789abcdef-agent";

    static Map<String, String> signed(byte[] body) {
        String ts = Long.toString(Instant.now().getEpochSecond());
        String sig = HexFormat.of().formatHex(WebhookVerifier.hmac(SECRET.getBytes(StandardCharsets.UTF_8),
                (ts + ".").getBytes(StandardCharsets.UTF_8), body));
        return Map.of("X-Mailroom-Timestamp", ts, "X-Mailroom-Signature", "sha256=" + sig, "X-Mailroom-Delivery", "r-1");
    }

    static final AgentFunction ECHO = e -> AgentAnswer.create().reply("Echo: " + e.text())
            .state(Map.of("count", e.state().longValue("count") == null ? 1 : e.state().longValue("count") + 1));

    @Test
    void decodesTheEventCallsTheFunctionAndAnswersItsJson() {
        AtomicReference<AgentEvent> seen = new AtomicReference<>();
        AgentResponse r = AgentWebhooks.handle(WebhookVerifierTest.AGENT_BODY,
                signed(WebhookVerifierTest.AGENT_BODY), SECRET, e -> {
                    seen.set(e);
                    return ECHO.handle(e);
                });
        assertEquals(200, r.status(), r.bodyText());
        assertEquals("application/json", r.headers().get("Content-Type"));
        assertEquals("{\"state\":{\"count\":2},\"replies\":[{\"text\":\"Echo: hello\"}]}", r.bodyText());
        AgentEvent e = seen.get();
        assertTrue(e.isEmail());
        assertEquals("r-1", e.id());
        assertEquals("JavaEcho", e.className());
        assertEquals("t1", e.instance());
        assertEquals("t-1", e.threadId());
        assertEquals("Hi", e.subject());
        assertEquals("ann@example.org", e.from());
    }

    @Test
    void aFunctionReturningNothingAnswersAnEmptyObject() {
        AgentResponse r = AgentWebhooks.handle(WebhookVerifierTest.AGENT_BODY, signed(WebhookVerifierTest.AGENT_BODY),
                SECRET, e -> null);
        assertEquals(200, r.status());
        assertEquals("{}", r.bodyText());
    }

    @Test
    void aBadSignatureIs401AndTheFunctionIsNotCalled() {
        Map<String, String> headers = signed("other".getBytes(StandardCharsets.UTF_8));
        AgentResponse r = AgentWebhooks.handle(WebhookVerifierTest.AGENT_BODY, headers, SECRET, e -> {
            throw new AssertionError("must not be called");
        });
        assertEquals(401, r.status());
        assertEquals("application/problem+json", r.headers().get("Content-Type"));
        JsonObject p = JsonObject.parse(r.bodyText());
        assertEquals("https://mailroom.dev/problems/unauthorized", p.string("type"));
        assertEquals(401L, p.longValue("status"));
    }

    @Test
    void aMalformedRequestIs400() {
        byte[] notJson = "{oops".getBytes(StandardCharsets.UTF_8);
        assertEquals(400, AgentWebhooks.handle(notJson, signed(notJson), SECRET, ECHO).status());
        byte[] noEvent = "{\"v\":1}".getBytes(StandardCharsets.UTF_8);
        assertEquals(400, AgentWebhooks.handle(noEvent, signed(noEvent), SECRET, ECHO).status());
    }

    @Test
    void aFailingFunctionIs500WithoutItsMessage() {
        AgentResponse r = AgentWebhooks.handle(WebhookVerifierTest.AGENT_BODY, signed(WebhookVerifierTest.AGENT_BODY),
                SECRET, e -> {
                    throw new IllegalStateException("database password is hunter2");
                });
        assertEquals(500, r.status());
        assertFalse(r.bodyText().contains("hunter2"), r.bodyText());
        assertEquals("https://mailroom.dev/problems/internal-error", JsonObject.parse(r.bodyText()).string("type"));
    }

    @Test
    void answersScheduleEventsAndEveryKindOfEffect() {
        byte[] body = ("{\"v\":1,\"event\":\"schedule\",\"id\":\"s-1\",\"agent\":{\"class_name\":\"C\",\"instance\":"
                + "\"i\"},\"payload\":{\"n\":3},\"state\":{}}").getBytes(StandardCharsets.UTF_8);
        AgentResponse r = AgentWebhooks.handle(body, signed(body), SECRET, e -> {
            assertTrue(e.isSchedule());
            assertEquals(Map.of("n", 3L), e.payload());
            return AgentAnswer.create().send(List.of("ann@example.org"), "Ping", "ping").draftReply("maybe")
                    .draft(List.of("bob@example.org"), "S", "T").schedule(60, Map.of("n", 4));
        });
        assertEquals(200, r.status());
        JsonObject a = JsonObject.parse(r.bodyText());
        assertEquals("ann@example.org", a.objects("sends").get(0).strings("to").get(0));
        assertEquals(true, a.objects("drafts").get(0).bool("reply"));
        assertEquals(60L, a.objects("schedules").get(0).longValue("delay_seconds"));
        assertFalse(a.has("state"));
    }

    @Test
    void theHttpHandlerServesSignedPostsOverARealServer() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/agent", AgentWebhooks.httpHandler(SECRET, ECHO));
        server.start();
        try {
            HttpClient http = HttpClient.newHttpClient();
            URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/agent");
            HttpRequest.Builder b = HttpRequest.newBuilder(uri)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(WebhookVerifierTest.AGENT_BODY));
            signed(WebhookVerifierTest.AGENT_BODY).forEach(b::header);
            HttpResponse<String> ok = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, ok.statusCode());
            assertEquals("Echo: hello", JsonObject.parse(ok.body()).objects("replies").get(0).string("text"));

            HttpResponse<String> unsigned = http.send(HttpRequest.newBuilder(uri)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(WebhookVerifierTest.AGENT_BODY)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(401, unsigned.statusCode());
            HttpResponse<String> get = http.send(HttpRequest.newBuilder(uri).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(405, get.statusCode());
        } finally {
            server.stop(0);
        }
    }
}
