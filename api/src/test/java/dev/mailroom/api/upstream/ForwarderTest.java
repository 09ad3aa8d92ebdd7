package dev.mailroom.api.upstream;

import static dev.mailroom.api.support.Keys.BOOTSTRAP;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.mailroom.api.support.Keys;
import dev.mailroom.api.support.Scrape;
import dev.mailroom.stack.KafkaTestResource;
import dev.mailroom.stack.PostgresTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(EchoUpstream.class)
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresTestResource.class)
class ForwarderTest {

    @BeforeEach
    void bootstrap() {
        Keys.awaitBootstrap();
    }

    @Test
    void nothingIsForwardedWithoutAKeyTheEdgeAccepts() {
        int before = EchoUpstream.SEEN.get();
        given().contentType("application/octet-stream").body(new byte[1024]).post("/v1/drafts/d1/approve").then()
                .statusCode(401).contentType("application/problem+json")
                .body("type", equalTo("https://mailroom.dev/problems/unauthorized"))
                .body("instance", equalTo("/v1/drafts/d1/approve"));
        given().header("Authorization", "Bearer mr_abc_def").get("/v1/agents").then().statusCode(401);
        given().header("Authorization", "Bearer " + BOOTSTRAP + "x").get("/mcp").then().statusCode(401);
        assertEquals(before, EchoUpstream.SEEN.get(), "the owner saw none of them");
        // a key the edge accepts passes, with the rate-limit headers of the edge
        given().header("Authorization", "Bearer " + BOOTSTRAP).get("/v1/agents").then().statusCode(200)
                .header("X-Upstream", "agent-host").header("RateLimit-Limit", "600")
                .body("headers.authorization", equalTo("Bearer " + BOOTSTRAP));
    }

    @ConfigProperty(name = "quarkus.http.test-port")
    int port;

    @Test
    void forwardsMethodPathQueryHeadersAndBodyAndRelaysTheAnswer() {
        byte[] body = new byte[3 * 1024 * 1024];
        new Random(7).nextBytes(body);
        given().urlEncodingEnabled(false).header("Authorization", "Bearer " + BOOTSTRAP).header("X-Forwarded-For", "6.6.6.6")
                .header("Idempotency-Key", "k-1").contentType("application/octet-stream").body(body)
                .post("/v1/drafts/d1/approve?limit=5&page_token=x%2Fy")
                .then().statusCode(200)
                .header("X-Upstream", "agent-host")
                .header("Connection", (String) null)
                .body("method", equalTo("POST"))
                .body("uri", equalTo("/v1/drafts/d1/approve?limit=5&page_token=x%2Fy"))
                .body("headers.authorization", equalTo("Bearer " + BOOTSTRAP))
                .body("headers.idempotency-key", equalTo("k-1"))
                // a client cannot name itself: the api writes who connected
                .body("headers.x-forwarded-for", equalTo("127.0.0.1"))
                .body("body_length", equalTo(body.length))
                .body("body_sha256", equalTo(EchoUpstream.sha256(body)));
    }

    @Test
    void theUpstreamsStatusComesBackAsItIs() {
        given().header("Authorization", "Bearer " + BOOTSTRAP).get("/v1/agents/Support/missing").then().statusCode(404).body("uri", equalTo("/v1/agents/Support/missing"));
    }

    @Test
    void onlyTheTablesPrefixesAreForwarded() {
        // /v1/agentsX is not under /v1/agents: the api's own 404, not agent-host's echo
        given().header("Authorization", "Bearer " + BOOTSTRAP).get("/v1/agentsX").then().statusCode(404).header("X-Upstream", nullValue());
    }

    @Test
    void theEdgeCountsAdmissionsAndForwardedAnswersByOutcome() {
        double admitted = Scrape.value("mailroom_api_admissions_total{outcome=\"admitted\"}");
        double unauthorized = Scrape.value("mailroom_api_admissions_total{outcome=\"unauthorized\"}");
        double ok = Scrape.value("mailroom_api_forwarded_total{outcome=\"2xx\",upstream=\"agent-host\"}");
        double unavailable = Scrape.value("mailroom_api_forwarded_total{outcome=\"unavailable\",upstream=\"egress-sender\"}");
        given().header("Authorization", "Bearer " + BOOTSTRAP).get("/v1/agents").then().statusCode(200);
        given().header("Authorization", "Bearer " + BOOTSTRAP).get("/v1/suppressions/x").then().statusCode(503);
        given().header("Authorization", "Bearer mr_nosuch_key").get("/v1/agents").then().statusCode(401);
        assertEquals(admitted + 2, Scrape.value("mailroom_api_admissions_total{outcome=\"admitted\"}"));
        assertEquals(unauthorized + 1, Scrape.value("mailroom_api_admissions_total{outcome=\"unauthorized\"}"));
        assertEquals(ok + 1, Scrape.value("mailroom_api_forwarded_total{outcome=\"2xx\",upstream=\"agent-host\"}"));
        assertEquals(unavailable + 1,
                Scrape.value("mailroom_api_forwarded_total{outcome=\"unavailable\",upstream=\"egress-sender\"}"));
    }

    @Test
    void anUnreachableUpstreamAnswers503ProblemJson() {
        given().header("Authorization", "Bearer " + BOOTSTRAP).get("/v1/suppressions/x")
                .then().statusCode(503)
                .contentType("application/problem+json")
                .header("Retry-After", "5")
                .body("type", equalTo("https://mailroom.dev/problems/upstream-unavailable"))
                .body("instance", equalTo("/v1/suppressions/x"));
    }

    @Test
    void aStreamArrivesChunkByChunkNotWhenItEnds() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        // once before measuring: the first forwarded answer of a JVM loads the relay path's classes, and under load
        // that can hold the first chunk back for longer than the 300 ms between chunks
        http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/v1/agents/Support/instances/s/messages/stream")).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/v1/agents/Support/instances/s/messages/stream"))
                .header("Authorization", "Bearer " + BOOTSTRAP).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, response.statusCode());
        List<Long> arrivals = new ArrayList<>();
        String text = readAll(response, arrivals);
        assertEquals("data: 0\n\ndata: 1\n\ndata: 2\n\n", text);
        // the first chunk came well before the stream ended (~600 ms later)
        assertTrue(arrivals.size() >= 2 && arrivals.get(0) < arrivals.get(arrivals.size() - 1) - 300,
                "chunks arrived at " + arrivals + " ms");
    }

    @Test
    void mailboxsEventStreamIsRelayedAsItComesWithTheClientsLastEventId() throws Exception {
        HttpResponse<InputStream> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/v1/events/stream?types=message.received"))
                .header("Authorization", "Bearer " + BOOTSTRAP).header("Last-Event-ID", "41").build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, response.statusCode());
        assertEquals("text/event-stream", response.headers().firstValue("Content-Type").orElse(""));
        List<Long> arrivals = new ArrayList<>();
        String text = readAll(response, arrivals);
        assertEquals(": last-event-id 41\n\ndata: 0\n\ndata: 1\n\ndata: 2\n\n", text);
        assertTrue(arrivals.size() >= 2 && arrivals.get(0) < arrivals.get(arrivals.size() - 1) - 300,
                "chunks arrived at " + arrivals + " ms");
    }

    /** The whole body; the time of each chunk's arrival (ms after the call) into {@code arrivals}. */
    private static String readAll(HttpResponse<InputStream> response, List<Long> arrivals) throws java.io.IOException {
        long start = System.nanoTime();
        StringBuilder text = new StringBuilder();
        try (InputStream in = response.body()) {
            byte[] buffer = new byte[256];
            int n;
            while ((n = in.read(buffer)) > 0) {
                text.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
                arrivals.add((System.nanoTime() - start) / 1_000_000);
            }
        }
        return text.toString();
    }
}
