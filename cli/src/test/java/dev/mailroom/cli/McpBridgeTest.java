package dev.mailroom.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.mailroom.sdk.JsonObject;

/** The stdio bridge against a real local HTTP server speaking the Streamable HTTP transport's shapes. */
class McpBridgeTest {

    @Test
    void forwardsEachLineKeepsTheSessionReadsJsonAndSseAndEndsTheSessionAtEof() throws Exception {
        try (FakeApi api = new FakeApi()) {
            api.on("POST /mcp", r -> {
                JsonObject m = JsonObject.parse(r.body());
                String method = m.string("method");
                if ("initialize".equals(method)) {
                    return new FakeApi.Answer(200, "application/json", "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{"
                            + "\"protocolVersion\":\"2025-06-18\",\n\"capabilities\":{}}}", Map.of("Mcp-Session-Id", "s-1"));
                }
                if (method != null && method.startsWith("notifications/")) {
                    return new FakeApi.Answer(202, null, null, Map.of());
                }
                if ("tools/call".equals(method)) {
                    return new FakeApi.Answer(200, "text/event-stream", "event: message\ndata: {\"jsonrpc\":\"2.0\","
                            + "\"method\":\"notifications/progress\"}\n\nevent: message\ndata: {\"jsonrpc\":\"2.0\",\"id\":"
                            + Output.compact(m.get("id")) + ",\"result\":{\"content\":[]}}\n\n", Map.of());
                }
                return new FakeApi.Answer(401, "application/problem+json", "{\"title\":\"Unauthorized\","
                        + "\"detail\":\"bad key\"}", Map.of());
            });
            api.on("DELETE /mcp", r -> new FakeApi.Answer(204, null, null, Map.of()));
            String in = String.join("\n",
                    "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{}}",
                    "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}",
                    "",
                    "{\"jsonrpc\":\"2.0\",\"id\":\"c2\",\"method\":\"tools/call\",\"params\":{\"name\":\"x\"}}",
                    "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/list\"}",
                    "not json") + "\n";
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            McpBridge bridge = new McpBridge(HttpClient.newHttpClient(), URI.create(api.url() + "/mcp"), "mr_k",
                    new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream()));
            assertEquals(Exit.OK, bridge.serve(new ByteArrayInputStream(in.getBytes(StandardCharsets.UTF_8))));

            List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
            assertEquals(5, lines.size(), lines.toString());
            lines.forEach(l -> JsonObject.parse(l)); // every line is one JSON message
            assertEquals("2025-06-18", JsonObject.parse(lines.get(0)).object("result").string("protocolVersion"));
            assertTrue(lines.contains("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\"}"), lines.toString());
            assertTrue(lines.contains("{\"jsonrpc\":\"2.0\",\"id\":\"c2\",\"result\":{\"content\":[]}}"), lines.toString());
            assertTrue(lines.contains("{\"jsonrpc\":\"2.0\",\"id\":3,\"error\":{\"code\":-32001,\"message\":\"HTTP 401: "
                    + "bad key\"}}"), lines.toString());
            assertTrue(lines.stream().anyMatch(l -> l.contains("-32700")), "a line that is not JSON: parse error");

            List<FakeApi.Received> posts = api.received.stream().filter(r -> r.method().equals("POST")).toList();
            assertEquals(4, posts.size());
            assertTrue(posts.get(0).headers().get("Mcp-session-id") == null);
            posts.subList(1, 4).forEach(p -> {
                assertEquals("s-1", p.headers().get("Mcp-session-id").get(0));
                assertEquals("2025-06-18", p.headers().get("Mcp-protocol-version").get(0));
                assertEquals("Bearer mr_k", p.headers().get("Authorization").get(0));
            });
            FakeApi.Received delete = api.received.get(api.received.size() - 1);
            assertEquals("DELETE", delete.method());
            assertEquals("s-1", delete.headers().get("Mcp-session-id").get(0));
        }
    }

    @Test
    void anUnreachableEndpointAnswersRequestsWithErrors() throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        McpBridge bridge = new McpBridge(HttpClient.newHttpClient(), URI.create("http://127.0.0.1:" + port + "/mcp"),
                "k", new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream()));
        bridge.serve(new ByteArrayInputStream("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"initialize\"}\n"
                .getBytes(StandardCharsets.UTF_8)));
        JsonObject answer = JsonObject.parse(out.toString(StandardCharsets.UTF_8).strip());
        assertEquals(7L, answer.longValue("id"));
        assertTrue(answer.object("error").string("message").startsWith("cannot reach"), answer.toString());
    }
}
