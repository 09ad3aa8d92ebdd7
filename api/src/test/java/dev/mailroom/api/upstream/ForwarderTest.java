package dev.mailroom.api.upstream;

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
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(EchoUpstream.class)
@WithTestResource(dev.mailroom.stack.KafkaTestResource.class)
@WithTestResource(dev.mailroom.stack.PostgresTestResource.class)
class ForwarderTest {

    @ConfigProperty(name = "quarkus.http.test-port")
    int port;

    @Test
    void forwardsMethodPathQueryHeadersAndBodyAndRelaysTheAnswer() {
        byte[] body = new byte[3 * 1024 * 1024];
        new Random(7).nextBytes(body);
        given().urlEncodingEnabled(false).header("Authorization", "Bearer mr_abc_def").header("X-Forwarded-For", "6.6.6.6")
                .header("Idempotency-Key", "k-1").contentType("application/octet-stream").body(body)
                .post("/v1/drafts/d1/approve?limit=5&page_token=x%2Fy")
                .then().statusCode(200)
                .header("X-Upstream", "agent-host")
                .header("Connection", (String) null)
                .body("method", equalTo("POST"))
                .body("uri", equalTo("/v1/drafts/d1/approve?limit=5&page_token=x%2Fy"))
                .body("headers.authorization", equalTo("Bearer mr_abc_def"))
                .body("headers.idempotency-key", equalTo("k-1"))
                // a client cannot name itself: the api writes who connected
                .body("headers.x-forwarded-for", equalTo("127.0.0.1"))
                .body("body_length", equalTo(body.length))
                .body("body_sha256", equalTo(EchoUpstream.sha256(body)));
    }

    @Test
    void theUpstreamsStatusComesBackAsItIs() {
        given().get("/v1/agents/Support/missing").then().statusCode(404).body("uri", equalTo("/v1/agents/Support/missing"));
    }

    @Test
    void onlyTheTablesPrefixesAreForwarded() {
        // /v1/agentsX is not under /v1/agents: the api's own 404, not agent-host's echo
        given().get("/v1/agentsX").then().statusCode(404).header("X-Upstream", nullValue());
    }

    @Test
    void anUnreachableUpstreamAnswers503ProblemJson() {
        given().header("Authorization", "Bearer mr_abc_def").get("/v1/messages/m1")
                .then().statusCode(503)
                .contentType("application/problem+json")
                .header("Retry-After", "5")
                .body("type", equalTo("https://mailroom.dev/problems/upstream-unavailable"))
                .body("instance", equalTo("/v1/messages/m1"));
    }

    @Test
    void aStreamArrivesChunkByChunkNotWhenItEnds() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/v1/agents/Support/instances/s/messages/stream")).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, response.statusCode());
        List<Long> arrivals = new ArrayList<>();
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
        assertEquals("data: 0\n\ndata: 1\n\ndata: 2\n\n", text.toString());
        // the first chunk came well before the stream ended (~600 ms later)
        assertTrue(arrivals.size() >= 2 && arrivals.get(0) < arrivals.get(arrivals.size() - 1) - 300,
                "chunks arrived at " + arrivals + " ms");
    }
}
