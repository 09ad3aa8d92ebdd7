package dev.mailroom.egress.mcp;

import static dev.mailroom.egress.support.Api.BOOTSTRAP;
import static dev.mailroom.egress.support.Api.awaitStatus;
import static dev.mailroom.egress.support.Api.key;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.mailroom.egress.support.DkimKeysResource;
import dev.mailroom.egress.support.SmtpPeersResource;
import dev.mailroom.stack.KafkaTestResource;
import dev.mailroom.stack.PostgresTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

/** A coding agent's view: MCP over Streamable HTTP, JSON-RPC as a real client sends it. */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresTestResource.class)
@WithTestResource(SmtpPeersResource.class)
@WithTestResource(DkimKeysResource.class)
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
        String token = key(List.of("mail.test"), null);
        String session = initialize(token);
        JsonPath tools = answer(rpc(token, session, Map.of("jsonrpc", "2.0", "id", 3, "method", "tools/list")));
        assertTrue(tools.getList("result.tools.name").containsAll(List.of("send_email", "get_email_status")),
                tools.prettify());

        String marker = UUID.randomUUID().toString();
        JsonPath sent = call(token, session, "send_email", Map.of("from", "bot@mail.test", "to",
                List.of("ann@accept.test"), "subject", "from mcp " + marker, "text", "hello " + marker));
        String text = sent.getString("result.content[0].text");
        assertTrue(text.startsWith("accepted, send id "), sent.prettify());
        String id = text.substring("accepted, send id ".length());
        awaitStatus(BOOTSTRAP, id, "delivered");
        assertEquals(1, SmtpPeersResource.containing(marker).size());

        JsonPath status = call(token, session, "get_email_status", Map.of("id", id));
        assertTrue(status.getString("result.content[0].text").startsWith("delivered\nann@accept.test: delivered"),
                status.prettify());
    }

    @Test
    void refusalsComeBackAsToolErrorsNamingTheField() {
        String token = key(List.of("mail.test"), null);
        String session = initialize(token);
        JsonPath refused = call(token, session, "send_email", Map.of("from", "bot@other.test", "to",
                List.of("ann@accept.test"), "subject", "x", "text", "x"));
        assertTrue(refused.getBoolean("result.isError"), refused.prettify());
        String text = refused.getString("result.content[0].text");
        assertTrue(text.contains("from: this API key may not send from other.test"), text);
        JsonPath injected = call(token, session, "send_email", Map.of("from", "bot@mail.test", "to",
                List.of("ann@accept.test"), "subject", "x\r\nBcc: y@evil.test", "text", "x"));
        assertTrue(injected.getBoolean("result.isError"), injected.prettify());
        assertTrue(injected.getString("result.content[0].text").contains("subject: contains a line break"),
                injected.prettify());
        assertFalse(text.contains("Exception"), text);
    }
}
