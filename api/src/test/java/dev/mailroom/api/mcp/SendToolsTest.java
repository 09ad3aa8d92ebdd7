package dev.mailroom.api.mcp;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import dev.mailroom.api.support.FakeMailbox;
import dev.mailroom.api.support.SendProfile;
import dev.mailroom.api.support.TestKeys;
import dev.mailroom.api.support.Topic;
import dev.mailroom.contract.OutboundRequest;
import dev.mailroom.stack.KafkaTestResource;
import dev.mailroom.stack.PostgresTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

/** A coding agent's view: MCP over Streamable HTTP, JSON-RPC as a real client sends it. */
@QuarkusTest
@TestProfile(SendProfile.class)
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresTestResource.class)
@WithTestResource(FakeMailbox.class)
class SendToolsTest {

    private static Response rpc(String token, String session, Map<String, Object> body) {
        var spec = given().header("Accept", "application/json, text/event-stream").contentType("application/json");
        if (token != null) {
            spec.header("Authorization", "Bearer " + token);
        }
        if (session != null) {
            spec.header("Mcp-Session-Id", session);
        }
        return spec.body(body).post("/mcp");
    }

    /** The JSON-RPC answer, whether it came as JSON or as one server-sent event. */
    private static JsonPath answer(Response r) {
        String body = r.asString();
        if (body.startsWith("{")) {
            return JsonPath.from(body);
        }
        return JsonPath.from(body.lines().filter(l -> l.startsWith("data:")).map(l -> l.substring(5).trim())
                .reduce((a, b) -> b).orElseThrow(() -> new AssertionError("no data in " + body)));
    }

    private static String initialize(String token) {
        Response init = rpc(token, null, Map.of("jsonrpc", "2.0", "id", 1, "method", "initialize", "params",
                Map.of("protocolVersion", "2025-03-26", "capabilities", Map.of(),
                        "clientInfo", Map.of("name", "test-agent", "version", "1"))));
        assertEquals(200, init.statusCode(), init.asString());
        String session = init.header("Mcp-Session-Id");
        rpc(token, session, Map.of("jsonrpc", "2.0", "method", "notifications/initialized"));
        return session;
    }

    private static JsonPath call(String token, String session, String tool, Map<String, Object> args) {
        Response r = rpc(token, session, Map.of("jsonrpc", "2.0", "id", 2, "method", "tools/call", "params",
                Map.of("name", tool, "arguments", args)));
        assertEquals(200, r.statusCode(), r.asString());
        return answer(r);
    }

    @Test
    void mcpNeedsAnApiKey() {
        Response r = rpc(null, null, Map.of("jsonrpc", "2.0", "id", 1, "method", "initialize"));
        assertEquals(401, r.statusCode());
        assertTrue(r.contentType().startsWith("application/problem+json"), r.contentType());
    }

    @Test
    void anAgentSendsThroughMcpAndReadsTheOutcome() {
        String token = TestKeys.MAILER;
        String session = initialize(token);
        JsonPath tools = answer(rpc(token, session, Map.of("jsonrpc", "2.0", "id", 3, "method", "tools/list")));
        assertTrue(tools.getList("result.tools.name").containsAll(List.of("send_email", "get_email_status")),
                tools.prettify());

        String marker = UUID.randomUUID().toString();
        JsonPath sent = call(token, session, "send_email", Map.of("from", "bot@mail.test", "to",
                List.of("ann@accept.test"), "subject", "from mcp " + marker, "text", "hello " + marker));
        assertFalse(sent.getBoolean("result.isError"), sent.prettify());
        String id = sent.getString("result.structuredContent.id");
        assertEquals("queued", sent.getString("result.structuredContent.status"), sent.prettify());
        List<ConsumerRecord<String, byte[]>> records = Topic.withKey(
                Topic.outbound(KafkaTestResource.bootstrapServers(), Duration.ofSeconds(2)), id);
        assertEquals(1, records.size(), "on the topic when the tool answered");
        OutboundRequest request = Topic.request(records.get(0));
        assertEquals("from mcp " + marker, request.subject());
        assertEquals(id + "@mail.test", request.messageId());
        assertEquals(List.of("mcp"), request.tags());

        // the status is the mailbox's (here a stand-in on its internal port), asked with the caller's key
        JsonPath status = call(token, session, "get_email_status", Map.of("id", id));
        assertEquals("delivered", status.getString("result.structuredContent.status"), status.prettify());
        assertEquals(Map.of("address", "ann@accept.test", "status", "delivered", "attempts", 1, "lastReply",
                "250 2.0.0 ok"), status.getMap("result.structuredContent.recipients[0]"), status.prettify());
        JsonPath missing = call(token, session, "get_email_status", Map.of("id", "missing"));
        assertTrue(missing.getBoolean("result.isError"), missing.prettify());
        assertTrue(missing.getString("result.content[0].text").startsWith("not found"), missing.prettify());
    }

    @Test
    void refusalsComeBackAsToolErrorsNamingTheField() {
        String token = TestKeys.MAILER;
        String session = initialize(token);
        JsonPath refused = call(token, session, "send_email", Map.of("from", "bot@other.test", "to",
                List.of("ann@accept.test"), "subject", "x", "text", "x"));
        assertTrue(refused.getBoolean("result.isError"), refused.prettify());
        String text = refused.getString("result.content[0].text");
        assertTrue(text.contains("from: this API key may not send from other.test"), text);
        assertTrue(text.startsWith("not sent: Forbidden (403 forbidden): "), "the problem's title, status, type: "
                + text);
        JsonPath injected = call(token, session, "send_email", Map.of("from", "bot@mail.test", "to",
                List.of("ann@accept.test"), "subject", "x\r\nBcc: y@evil.test", "text", "x"));
        assertTrue(injected.getBoolean("result.isError"), injected.prettify());
        assertTrue(injected.getString("result.content[0].text").contains("subject: contains a line break"),
                injected.prettify());
        assertFalse(text.contains("Exception"), text);

        String admin = initialize(TestKeys.ADMIN);
        JsonPath foreign = call(TestKeys.ADMIN, admin, "send_email", Map.of("from", "bot@bank.example", "to",
                List.of("ann@accept.test"), "subject", "x", "text", "x"));
        assertTrue(foreign.getBoolean("result.isError"), foreign.prettify());
        assertTrue(foreign.getString("result.content[0].text").contains("from: Mailroom does not send for"
                + " bank.example"), foreign.prettify());

        String reader = initialize(TestKeys.READER);
        JsonPath readOnly = call(TestKeys.READER, reader, "send_email", Map.of("from", "bot@mail.test", "to",
                List.of("ann@accept.test"), "subject", "x", "text", "x"));
        assertTrue(readOnly.getBoolean("result.isError"), readOnly.prettify());
        assertTrue(readOnly.getString("result.content[0].text").contains("permission send"), readOnly.prettify());
    }

    @Test
    void aRetryWithTheSameIdempotencyKeySendsOnce() {
        String token = TestKeys.MAILER;
        String session = initialize(token);
        String key = UUID.randomUUID().toString();
        Map<String, Object> args = Map.of("mailboxId", "bot@mail.test", "to", List.of("ann@accept.test"),
                "subject", "once " + key, "text", "hello", "idempotencyKey", key);
        String first = call(token, session, "send_email", args).getString("result.structuredContent.id");
        String again = call(token, session, "send_email", args).getString("result.structuredContent.id");
        assertEquals(first, again, "the same send answered again");
        assertEquals(1, Topic.withKey(Topic.outbound(KafkaTestResource.bootstrapServers(), Duration.ofSeconds(2)),
                first).size(), "one record on the topic");
        Map<String, Object> changed = new java.util.HashMap<>(args);
        changed.put("subject", "another " + key);
        JsonPath reused = call(token, session, "send_email", changed);
        assertTrue(reused.getBoolean("result.isError"), reused.prettify());
        assertTrue(reused.getString("result.content[0].text").contains("idempotency-key-reused"), reused.prettify());
    }
}
