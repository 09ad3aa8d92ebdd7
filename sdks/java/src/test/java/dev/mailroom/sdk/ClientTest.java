package dev.mailroom.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.mailroom.sdk.RecordingServer.Answer;

/** The client against a real local HTTP server (the JDK's), no mocks. */
class ClientTest {

    static final String PROBLEM_429 = "{\"type\":\"https://mailroom.dev/problems/rate-limited\",\"title\":\"Too many"
            + " requests\",\"status\":429,\"detail\":\"60 per minute\",\"instance\":\"/v1/api-keys\"}";

    @Test
    void sendPostsTheBodyWithAuthUserAgentAndAGeneratedIdempotencyKey(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("report.txt");
        Files.writeString(file, "hello file");
        try (RecordingServer s = new RecordingServer(r -> Answer.json(202, "{\"id\":\"s1\",\"message_id\":\"<a@b>\"}"))) {
            Mailroom mr = s.client();
            SendAccepted sent = mr.emails().send(SendParams.builder().from("me@example.org").to("ann@example.org")
                    .subject("Hi").text("Hello").attachment(file)
                    .attachment("x.bin", "application/octet-stream", new byte[] {0, 1, 2}).header("X-A", "1")
                    .build());
            assertEquals("s1", sent.id());
            assertEquals("<a@b>", sent.messageId());
            mr.emails().send(SendParams.builder().from("me@example.org").to("ann@example.org").build());
            RecordingServer.Request r = s.requests.get(0);
            assertEquals("POST", r.method());
            assertEquals("/v1/send", r.path());
            assertEquals("Bearer mr_test", r.header("Authorization"));
            assertTrue(r.header("User-Agent").startsWith("mailroom-sdk-java/0.1.0"), r.header("User-Agent"));
            assertEquals("application/json", r.header("Content-Type"));
            String key = r.header("Idempotency-Key");
            assertNotNull(key);
            assertNotEquals(key, s.requests.get(1).header("Idempotency-Key"), "a new key per send");
            JsonObject body = r.json();
            assertEquals("me@example.org", body.string("from"));
            assertEquals(List.of("ann@example.org"), body.strings("to"));
            assertEquals("Hello", body.string("text"));
            assertFalse(body.has("cc"), "absent fields stay absent");
            JsonObject a = body.objects("attachments").get(0);
            assertEquals("report.txt", a.string("filename"));
            assertEquals("hello file", new String(Base64.getDecoder().decode(a.string("content")),
                    StandardCharsets.UTF_8));
            assertEquals("AAEC", body.objects("attachments").get(1).string("content"));
            assertEquals("1", body.object("headers").string("X-A"));
        }
    }

    @Test
    void aGivenIdempotencyKeyIsSentAsItIs() throws Exception {
        try (RecordingServer s = new RecordingServer(r -> Answer.json(202, "{\"id\":\"s1\"}"))) {
            s.client().emails().send(SendParams.builder().to("a@b.c").idempotencyKey("k-1").build());
            assertEquals("k-1", s.requests.get(0).header("Idempotency-Key"));
        }
    }

    @Test
    void problemJsonBecomesATypedException() throws Exception {
        try (RecordingServer s = new RecordingServer(r -> switch (r.path()) {
            case "/v1/messages/nope" -> Answer.problem(404, "{\"type\":\"https://mailroom.dev/problems/not-found\","
                    + "\"title\":\"Not found\",\"status\":404,\"detail\":\"no message nope\",\"instance\":"
                    + "\"/v1/messages/nope\"}", Map.of());
            case "/v1/send" -> Answer.problem(422, "{\"type\":\"https://mailroom.dev/problems/invalid-request\","
                    + "\"title\":\"Invalid request\",\"status\":422,\"errors\":[{\"field\":\"to[0]\",\"detail\":"
                    + "\"is not a valid address\"}]}", Map.of());
            case "/v1/api-keys" -> Answer.problem(401, "{\"type\":\"https://mailroom.dev/problems/unauthorized\","
                    + "\"title\":\"Unauthorized\",\"status\":401}", Map.of());
            case "/v1/webhooks" -> Answer.problem(403, "{\"status\":403,\"title\":\"Forbidden\"}", Map.of());
            case "/v1/drafts/d1/approve" -> Answer.problem(409, "{\"status\":409,\"title\":\"Conflict\"}", Map.of());
            default -> Answer.text(400, "text/html", "<h1>Bad gateway page</h1>");
        })) {
            Mailroom mr = s.client();
            NotFoundException nf = assertThrows(NotFoundException.class, () -> mr.emails().get("nope"));
            assertEquals(404, nf.status());
            assertEquals("https://mailroom.dev/problems/not-found", nf.type());
            assertEquals("Not found", nf.title());
            assertEquals("no message nope", nf.detail());
            assertEquals("/v1/messages/nope", nf.instance());
            ValidationException v = assertThrows(ValidationException.class,
                    () -> mr.emails().send(SendParams.builder().to("x").build()));
            assertEquals(List.of(new ApiException.FieldError("to[0]", "is not a valid address")), v.errors());
            assertThrows(AuthenticationException.class, () -> mr.apiKeys().list().firstPage());
            assertThrows(PermissionDeniedException.class, () -> mr.webhooks().list());
            assertThrows(ConflictException.class, () -> mr.drafts().approve("d1"));
            ApiException other = assertThrows(ApiException.class, () -> mr.domains().zone("x.org"));
            assertEquals(400, other.status());
            assertEquals("<h1>Bad gateway page</h1>", other.detail());
        }
    }

    @Test
    void a429IsRetriedAfterRetryAfterAndTheHookCountsIt() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        try (RecordingServer s = new RecordingServer(r -> calls.incrementAndGet() == 1
                ? Answer.problem(429, PROBLEM_429, Map.of("Retry-After", "1"))
                : Answer.json(200, "{\"items\":[],\"next_page_token\":null}"))) {
            List<RetryEvent> retries = new CopyOnWriteArrayList<>();
            Mailroom mr = Mailroom.builder().apiKey("k").baseUrl(s.url()).onRetry(retries::add).build();
            long start = System.nanoTime();
            assertEquals(List.of(), mr.apiKeys().list().firstPage().items());
            assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() >= 900, "waited for Retry-After");
            assertEquals(1, retries.size());
            RetryEvent e = retries.get(0);
            assertEquals(1, e.retry());
            assertEquals(429, e.status());
            assertEquals(Duration.ofSeconds(1), e.delay());
            RateLimitException cause = assertInstanceOf(RateLimitException.class, e.cause());
            assertEquals(Optional.of(Duration.ofSeconds(1)), cause.retryAfter());
        }
    }

    @Test
    void retriesStopAfterMaxRetriesWithTheLastError() throws Exception {
        try (RecordingServer s = new RecordingServer(r -> Answer.problem(503, "{\"status\":503,\"title\":\"x\"}",
                Map.of()))) {
            AtomicInteger hooks = new AtomicInteger();
            Mailroom mr = Mailroom.builder().apiKey("k").baseUrl(s.url()).maxRetries(3)
                    .maxRetryDelay(Duration.ofMillis(10)).onRetry(e -> hooks.incrementAndGet()).build();
            ApiException e = assertThrows(ApiException.class, () -> mr.domains().get("example.org"));
            assertEquals(503, e.status());
            assertEquals(4, s.requests.size());
            assertEquals(3, hooks.get());
        }
    }

    @Test
    void anUnkeyedPostIsNotRetriedButAKeyedOneIs() throws Exception {
        try (RecordingServer s = new RecordingServer(r -> Answer.problem(503, "{\"status\":503}", Map.of()))) {
            Mailroom mr = s.client();
            assertThrows(ApiException.class, () -> mr.domains().verify("example.org"));
            assertEquals(1, s.requests.size(), "POST without Idempotency-Key: once");
            s.requests.clear();
            assertThrows(ApiException.class, () -> mr.emails().send(SendParams.builder().to("a@b.c").build()));
            assertEquals(3, s.requests.size(), "send carries a key: 1 + 2 retries");
            assertEquals(1, s.requests.stream().map(r -> r.header("Idempotency-Key")).distinct().count(),
                    "the same key on every attempt");
        }
    }

    @Test
    void networkFailuresBecomeConnectionExceptions() {
        Mailroom mr = Mailroom.builder().apiKey("k").baseUrl("http://127.0.0.1:1").maxRetries(1)
                .maxRetryDelay(Duration.ofMillis(10)).build();
        assertThrows(ApiConnectionException.class, () -> mr.emails().get("x"));
    }

    @Test
    void aSlowAnswerIsATimeout() throws Exception {
        try (RecordingServer s = new RecordingServer(r -> {
            try {
                Thread.sleep(1500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Answer.json(200, "{}");
        })) {
            Mailroom mr = Mailroom.builder().apiKey("k").baseUrl(s.url()).timeout(Duration.ofMillis(300))
                    .maxRetries(0).build();
            assertThrows(ApiTimeoutException.class, () -> mr.emails().get("x"));
        }
    }

    @Test
    void listsFetchTheNextPageOnlyWhenNeeded() throws Exception {
        try (RecordingServer s = new RecordingServer(r -> {
            String token = r.query("page_token");
            if (token == null) {
                return Answer.json(200, "{\"items\":[{\"id\":\"m1\"},{\"id\":\"m2\"}],\"next_page_token\":\"p2\"}");
            }
            if (token.equals("p2")) {
                return Answer.json(200, "{\"items\":[{\"id\":\"m3\"}],\"next_page_token\":\"p3\"}");
            }
            return Answer.json(200, "{\"items\":[{\"id\":\"m4\"}]}");
        })) {
            Mailroom mr = s.client();
            Paged<Mailbox> boxes = mr.mailboxes().list(ListParams.create().limit(2));
            var it = boxes.iterator();
            assertEquals("m1", it.next().id());
            assertEquals("m2", it.next().id());
            assertEquals(1, s.requests.size(), "page 2 not fetched yet");
            assertEquals("2", s.requests.get(0).query("limit"));
            assertEquals(List.of("m1", "m2", "m3", "m4"), boxes.stream().map(Mailbox::id).toList());
            assertEquals("p2", s.requests.get(2).query("page_token"));
            assertEquals("2", s.requests.get(2).query("limit"));
            Page<Mailbox> first = boxes.firstPage();
            assertEquals(Optional.of("p2"), first.next());
            assertEquals(List.of("m3"), boxes.page("p2").items().stream().map(Mailbox::id).toList());
        }
    }

    @Test
    void pathParametersAreEncodedAsOneSegment() throws Exception {
        try (RecordingServer s = new RecordingServer(r -> Answer.json(204, ""))) {
            s.client().suppressions().delete("a b/c@example.org");
            assertEquals("/v1/suppressions/a%20b%2Fc%40example.org", s.requests.get(0).path());
        }
    }

    @Test
    void waitForReplyUsesTheFirstCursorAndReturnsTheFirstMessage() throws Exception {
        AtomicInteger polls = new AtomicInteger();
        try (RecordingServer s = new RecordingServer(r -> polls.incrementAndGet() == 1
                ? Answer.json(200, "{\"messages\":[],\"cursor\":41}")
                : Answer.json(200, "{\"messages\":[{\"seq\":42,\"agent\":\"Echo/t1\",\"message\":{\"id\":\"h1\","
                        + "\"thread_id\":\"t-9\",\"direction\":\"in\",\"subject\":\"Re: hi\",\"text\":\"pong\","
                        + "\"from\":{\"name\":\"Ann\",\"address\":\"ann@example.org\"}}}],\"cursor\":42}"))) {
            Optional<WaitedMessage> m = s.client().agents().waitForReply("Echo", "t1",
                    WaitParams.timeout(Duration.ofSeconds(5)));
            assertTrue(m.isPresent());
            assertEquals(42, m.get().seq());
            assertEquals("Re: hi", m.get().subject());
            assertEquals("pong", m.get().text());
            assertEquals("t-9", m.get().threadId());
            assertEquals("ann@example.org", m.get().from().address());
            RecordingServer.Request first = s.requests.get(0);
            assertEquals("/v1/agents/Echo/instances/t1/messages", first.path());
            assertEquals(null, first.query("after"));
            assertEquals("in", first.query("direction"));
            assertEquals("41", s.requests.get(1).query("after"), "the cursor of the first poll");
        }
    }

    @Test
    void waitForReplyIsEmptyWhenTheTimeoutPasses() throws Exception {
        try (RecordingServer s = new RecordingServer(r -> {
            long waitMs = Long.parseLong(r.query("wait").replace("ms", ""));
            try {
                Thread.sleep(Math.min(waitMs, 2000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Answer.json(200, "{\"messages\":[],\"cursor\":7}");
        })) {
            long start = System.nanoTime();
            Optional<WaitedMessage> m = s.client().agents().waitForReply("Echo", "t1",
                    WaitParams.timeout(Duration.ofMillis(800)).after(5).direction("out"));
            assertTrue(m.isEmpty());
            long ms = Duration.ofNanos(System.nanoTime() - start).toMillis();
            assertTrue(ms >= 700 && ms < 5000, "took " + ms);
            assertEquals("5", s.requests.get(0).query("after"));
            assertEquals("out", s.requests.get(0).query("direction"));
        }
    }

    @Test
    void theEventStreamResumesWithLastEventIdAfterADrop() throws Exception {
        AtomicInteger connects = new AtomicInteger();
        try (RecordingServer s = new RecordingServer(r -> connects.incrementAndGet() == 1
                ? Answer.text(200, "text/event-stream", ":keep-alive\n\nid: 10\nevent: message.sent\ndata: "
                        + "{\"type\":\"message.sent\",\"timestamp\":\"2026-12-07T06:13:05Z\",\"data\":{\"n\":1}}\n\n"
                        + "id: 11\nevent: message.delivered\ndata: {\"type\":\"message.delivered\",\n"
                        + "data: \"data\":{\"n\":2}}\n\n")
                : Answer.text(200, "text/event-stream", "id: 12\ndata: {\"type\":\"message.bounced\"}\n\n"))) {
            try (EventStream<CustomerEvent> events = s.client().events().stream(EventStreamParams.all()
                    .withTypes("message.sent", "message.delivered").withDomain("example.org"))) {
                CustomerEvent a = events.next();
                assertEquals("10", a.id());
                assertEquals("message.sent", a.type());
                assertEquals(1L, a.data().longValue("n"));
                CustomerEvent b = events.next();
                assertEquals("message.delivered", b.type(), "two data lines joined");
                assertEquals(2L, b.data().longValue("n"));
                CustomerEvent c = events.next();
                assertEquals("12", c.id());
                assertEquals("12", events.resumeToken());
            }
            assertEquals("message.sent,message.delivered", s.requests.get(0).query("types"));
            assertEquals("example.org", s.requests.get(0).query("domain"));
            assertEquals(null, s.requests.get(0).header("Last-Event-ID"));
            assertEquals("11", s.requests.get(1).header("Last-Event-ID"));
        }
    }

    @Test
    void theAgentMessageStreamResumesAfterTheLastSeq() throws Exception {
        AtomicInteger connects = new AtomicInteger();
        try (RecordingServer s = new RecordingServer(r -> connects.incrementAndGet() == 1
                ? Answer.text(200, "text/event-stream", "data: {\"seq\":5,\"message\":{\"subject\":\"a\"}}\n\n")
                : Answer.text(200, "text/event-stream", "data: {\"seq\":6,\"message\":{\"subject\":\"b\"}}\n\n"))) {
            try (EventStream<WaitedMessage> stream = s.client().agents().streamMessages("Echo", "t1",
                    WaitParams.defaults().after(3).direction("out"))) {
                assertEquals("a", stream.next().subject());
                assertEquals("b", stream.next().subject());
            }
            assertEquals("3", s.requests.get(0).query("after"));
            assertEquals("out", s.requests.get(0).query("direction"));
            assertEquals("5", s.requests.get(1).query("after"));
        }
    }

    @Test
    void aStreamThatCannotConnectGivesUpAfterTheRetries() {
        Mailroom mr = Mailroom.builder().apiKey("k").baseUrl("http://127.0.0.1:1").maxRetries(1)
                .maxRetryDelay(Duration.ofMillis(10)).build();
        try (EventStream<CustomerEvent> events = mr.events().stream()) {
            assertThrows(ApiConnectionException.class, events::hasNext);
        }
    }

    @Test
    void asyncSendCompletes() throws Exception {
        try (RecordingServer s = new RecordingServer(r -> Answer.json(202, "{\"id\":\"s9\"}"))) {
            assertEquals("s9", s.client().emails().sendAsync(SendParams.builder().to("a@b.c").build()).get().id());
        }
    }

    @Test
    void defaultsComeFromTheEnvironmentOrLoopback() {
        Mailroom mr = Mailroom.builder().build();
        String env = System.getenv("MAILROOM_BASE_URL");
        assertEquals(env == null || env.isBlank() ? Mailroom.DEFAULT_BASE_URL : env.trim(), mr.baseUrl());
    }
}
