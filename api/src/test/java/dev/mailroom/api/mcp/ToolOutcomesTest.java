package dev.mailroom.api.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.mailroom.api.upstream.OwnerCalls;
import dev.mailroom.contract.Json;
import dev.mailroom.platform.problem.ApiException;
import dev.mailroom.platform.problem.Problem;
import io.quarkiverse.mcp.server.ToolCallException;
import io.smallrye.mutiny.Uni;

/** Owners' answers as tool results or tool errors: the problem's detail and fields, never an exception's name. */
class ToolOutcomesTest {

    private static OwnerCalls.Answer answer(int status, String body) {
        return new OwnerCalls.Answer(status, "application/problem+json", body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aSuccessfulAnswerIsItsJson() {
        JsonNode json = ToolOutcomes.json(answer(200, "{\"id\":\"m-1\"}"));
        assertEquals("m-1", json.path("id").asText());
        assertEquals(0, ToolOutcomes.json(answer(204, "")).size(), "no body: an empty object");
    }

    @Test
    void aNotFoundReadsNotFoundWithTheOwnersDetail() {
        ToolCallException e = assertThrows(ToolCallException.class, () -> ToolOutcomes.json(answer(404,
                "{\"type\":\"https://mailroom.dev/problems/not-found\",\"title\":\"Not found\",\"status\":404,"
                        + "\"detail\":\"message m-2\"}")));
        assertEquals("not found: message m-2", e.getMessage());
        assertEquals("not found", assertThrows(ToolCallException.class,
                () -> ToolOutcomes.json(answer(404, ""))).getMessage(), "a bare 404 (no problem document)");
    }

    @Test
    void aRefusalCarriesTitleStatusTypeDetailAndFields() throws Exception {
        String body = "{\"type\":\"https://mailroom.dev/problems/invalid-request\",\"title\":\"Invalid request\","
                + "\"status\":422,\"detail\":\"2 problems\",\"errors\":[{\"field\":\"to[0]\",\"detail\":\"is not an"
                + " address\"},{\"field\":\"subject\",\"detail\":\"contains a line break\"}]}";
        assertEquals("Invalid request (422 invalid-request): 2 problems; to[0]: is not an address; subject: contains"
                + " a line break", assertThrows(ToolCallException.class, () -> ToolOutcomes.json(answer(422, body)))
                .getMessage());
        String repeated = "{\"title\":\"Forbidden\",\"status\":403,\"detail\":\"from: may not send from x.test\","
                + "\"errors\":[{\"field\":\"from\",\"detail\":\"may not send from x.test\"}]}";
        assertEquals("Forbidden (403): from: may not send from x.test", ToolOutcomes.message(403,
                Json.mapper().readTree(repeated.getBytes(StandardCharsets.UTF_8))), "fields already in the detail"
                        + " are not repeated");
    }

    @Test
    void anOwnerThatDoesNotAnswerIsARetryableToolError() {
        Uni<String> silent = Uni.createFrom().failure(new OwnerCalls.Unavailable("mailbox did not answer"));
        ToolCallException e = assertThrows(ToolCallException.class,
                () -> ToolOutcomes.guarded(silent, "get_email").await().atMost(Duration.ofSeconds(1)));
        assertEquals("mailbox did not answer; retry later", e.getMessage());
    }

    @Test
    void theApisOwnRefusalsBecomeToolErrorsToo() {
        Uni<String> refused = Uni.createFrom().failure(new ApiException(Problem.of(403, "forbidden", "Forbidden",
                "this key lacks the domains permission")));
        assertEquals("Forbidden (403 forbidden): this key lacks the domains permission",
                assertThrows(ToolCallException.class, () -> ToolOutcomes.guarded(refused, "add_domain").await()
                        .atMost(Duration.ofSeconds(1))).getMessage());
    }
}
