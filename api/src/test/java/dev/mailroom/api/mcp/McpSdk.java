package dev.mailroom.api.mcp;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.mailroom.api.support.NodeHarness;

/**
 * The official TypeScript MCP SDK client ({@code @modelcontextprotocol/sdk}), driven by the harness
 * {@code src/test/node/mcp-sdk/session.mjs} over Streamable HTTP: one connection per {@link #session}, its steps
 * run in order.
 */
final class McpSdk {

    private static final NodeHarness HARNESS = new NodeHarness("mcp-sdk",
            List.of("package.json", "package-lock.json", "session.mjs"), "@modelcontextprotocol/sdk");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What the harness printed: exit code (0 ran, 1 could not connect, 2 usage), its JSON line, its output. */
    record Result(int exitCode, JsonNode json, String output) {

        /** The answer of step {@code i}. */
        JsonNode step(int i) {
            return json.path("results").path(i);
        }
    }

    private McpSdk() {
    }

    /** A {@code tools/list} step. */
    static Map<String, Object> list() {
        return Map.of("list", true);
    }

    /** A {@code tools/call} step. */
    static Map<String, Object> call(String tool, Map<String, Object> args) {
        return Map.of("call", tool, "args", args);
    }

    /** Connects to {@code url} with {@code token} (null: none) and runs {@code steps}. */
    static Result session(String url, String token, List<Map<String, Object>> steps)
            throws IOException, InterruptedException {
        Path dir = HARNESS.install();
        List<String> command = new java.util.ArrayList<>(List.of("node",
                dir.resolve("session.mjs").toAbsolutePath().toString(), "--url", url, "--steps",
                JSON.writeValueAsString(steps)));
        if (token != null) {
            command.addAll(List.of("--token", token));
        }
        NodeHarness.Run run = NodeHarness.run(command, Map.of(), List.of(), 240);
        String last = run.lastJsonLine();
        if (last == null) {
            throw new IllegalStateException("the harness printed no JSON (exit " + run.exitCode() + "):\n"
                    + run.output());
        }
        return new Result(run.exitCode(), JSON.readTree(last), run.output());
    }
}
