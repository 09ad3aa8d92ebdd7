package dev.mailroom.mailbox.stream;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.mailroom.contract.Ids;
import dev.mailroom.contract.Json;
import dev.mailroom.platform.auth.Permission;
import dev.mailroom.platform.auth.TestKeys;
import dev.mailroom.stack.KafkaTestResource;
import dev.mailroom.stack.PostgresTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresTestResource.class)
class EventStreamTest {

    @Inject
    Pool pool;

    @TestHTTPResource("/v1/events/stream")
    URI stream;

    /** One server-sent event. */
    record Sse(String id, String event, String data) {
    }

    /** A stream read on a thread of its own until closed. */
    static final class Reader implements AutoCloseable {
        final List<Sse> events = new CopyOnWriteArrayList<>();
        final AtomicInteger comments = new AtomicInteger();
        final AtomicInteger status = new AtomicInteger();
        private final Thread thread;
        private volatile java.io.InputStream body;

        Reader(URI uri, String token, String lastEventId) {
            HttpRequest.Builder b = HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + token)
                    .header("Accept", "text/event-stream");
            if (lastEventId != null) {
                b.header("Last-Event-ID", lastEventId);
            }
            HttpRequest request = b.build();
            thread = new Thread(() -> {
                try {
                    HttpResponse<java.io.InputStream> r = HttpClient.newHttpClient().send(request,
                            HttpResponse.BodyHandlers.ofInputStream());
                    status.set(r.statusCode());
                    body = r.body();
                    BufferedReader in = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
                    String id = null;
                    String event = null;
                    StringBuilder data = new StringBuilder();
                    String line;
                    while ((line = in.readLine()) != null) {
                        if (line.isEmpty()) {
                            if (data.length() > 0 || id != null) {
                                events.add(new Sse(id, event, data.toString()));
                            }
                            id = null;
                            event = null;
                            data.setLength(0);
                        } else if (line.startsWith(":")) {
                            comments.incrementAndGet();
                        } else if (line.startsWith("id:")) {
                            id = line.substring(3).trim();
                        } else if (line.startsWith("event:")) {
                            event = line.substring(6).trim();
                        } else if (line.startsWith("data:")) {
                            data.append(line.substring(5).startsWith(" ") ? line.substring(6) : line.substring(5));
                        }
                    }
                } catch (Exception e) {
                    // closed
                }
            });
            thread.setDaemon(true);
            thread.start();
        }

        @Override
        public void close() throws Exception {
            java.io.InputStream b = body;
            if (b != null) {
                b.close();
            }
            thread.interrupt();
        }
    }

    private static String key(String... domains) {
        String token = TestKeys.publish(EnumSet.of(Permission.READ), List.of(domains), null);
        await().atMost(Duration.ofSeconds(20)).ignoreExceptions().untilAsserted(() -> given()
                .header("Authorization", "Bearer " + token).get("/v1/mailboxes").then().statusCode(200));
        return token;
    }

    private long log(String type, String domain, String messageId) {
        return pool.preparedQuery("INSERT INTO event_log (id, type, domain, message_id, at, data)"
                + " VALUES ($1, $2, $3, $4, $5, $6) RETURNING seq")
                .execute(Tuple.from(new Object[] {"evt_" + Ids.newId(), type, domain, messageId,
                        OffsetDateTime.now(ZoneOffset.UTC), new JsonObject().put("message_id", messageId)}))
                .await().indefinitely().iterator().next().getLong(0);
    }

    private static List<String> messageIds(List<Sse> events) throws Exception {
        List<String> out = new ArrayList<>();
        for (Sse e : events) {
            JsonNode n = Json.mapper().readTree(e.data());
            out.add(n.get("data").get("message_id").asText());
        }
        return out;
    }

    @Test
    void theStreamResumesWithLastEventIdWithoutLossOrRepetition() throws Exception {
        String domain = "stream" + TestKeys.newId("") + ".test";
        String token = key(domain);
        long base = log("message.received", domain, "before");
        List<Sse> first;
        try (Reader r = new Reader(stream, token, Long.toString(base))) {
            log("message.received", domain, "a1");
            log("message.delivered", domain, "a2");
            log("message.bounced", domain, "a3");
            await().atMost(Duration.ofSeconds(15)).until(() -> r.events.size() >= 3);
            first = List.copyOf(r.events);
            assertEquals(200, r.status.get());
        }
        assertEquals(List.of("a1", "a2", "a3"), messageIds(first));
        assertEquals(List.of("message.received", "message.delivered", "message.bounced"),
                first.stream().map(Sse::event).toList());
        assertEquals("message.bounced", Json.mapper().readTree(first.get(2).data()).get("type").asText());

        // while nobody listens
        log("message.received", domain, "b1");
        log("message.received", domain, "b2");
        try (Reader r = new Reader(stream, token, first.get(2).id())) {
            await().atMost(Duration.ofSeconds(15)).until(() -> r.events.size() >= 2);
            await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(3)).until(() -> r.events.size() == 2);
            assertEquals(List.of("b1", "b2"), messageIds(r.events));
            assertTrue(Long.parseLong(r.events.get(0).id()) > Long.parseLong(first.get(2).id()));
        }
        // the query parameter works as the header does, and types filter
        try (Reader r = new Reader(URI.create(stream + "?types=message.bounced&last_event_id=" + base), token,
                null)) {
            await().atMost(Duration.ofSeconds(15)).until(() -> r.events.size() >= 1);
            await().during(Duration.ofMillis(1000)).atMost(Duration.ofSeconds(3)).until(() -> r.events.size() == 1);
            assertEquals(List.of("a3"), messageIds(r.events));
        }
    }

    @Test
    void anotherTenantsKeySeesNoneOfTheEventsButKeepAlives() throws Exception {
        String domain = "private" + TestKeys.newId("") + ".test";
        key(domain);
        String other = key("other" + TestKeys.newId("") + ".test");
        long base = log("message.received", domain, "p0");
        try (Reader r = new Reader(stream, other, Long.toString(base - 1))) {
            log("message.received", domain, "p1");
            await().atMost(Duration.ofSeconds(10)).until(() -> r.comments.get() >= 2);
            assertEquals(200, r.status.get());
            assertEquals(0, r.events.size(), "no event of another tenant");
        }
    }

    @Test
    void anUnknownTypeOrAForeignDomainFilterIsRefused() {
        String token = key("filters" + TestKeys.newId("") + ".test");
        given().header("Authorization", "Bearer " + token).get("/v1/events/stream?types=message.nope").then()
                .statusCode(422).contentType("application/problem+json");
        given().header("Authorization", "Bearer " + token).get("/v1/events/stream?domain=elsewhere.test").then()
                .statusCode(422);
        given().header("Authorization", "Bearer " + token).header("Last-Event-ID", "abc")
                .get("/v1/events/stream").then().statusCode(400);
    }
}
