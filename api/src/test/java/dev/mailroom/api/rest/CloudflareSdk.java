package dev.mailroom.api.rest;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.mailroom.api.support.NodeHarness;

/**
 * The official {@code cloudflare} npm SDK, driven by the harness {@code src/test/node/cloudflare-sdk/send.mjs}
 * (installed by {@link NodeHarness}: a fresh clone and {@code ./mvnw verify} need only {@code node} and {@code npm}
 * on the PATH and the npm registry).
 */
final class CloudflareSdk {

    private static final NodeHarness HARNESS = new NodeHarness("cloudflare-sdk",
            List.of("package.json", "package-lock.json", "send.mjs"), "cloudflare");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What the harness printed: its exit code (0 sent, 1 refused by the API, 2 usage/connection) and JSON line. */
    record Result(int exitCode, JsonNode json, String output) {

        /** Cloudflare's {@code result} the SDK unwrapped. */
        JsonNode result() {
            return json.path("result");
        }
    }

    private CloudflareSdk() {
    }

    /**
     * Runs {@code send.mjs} against {@code baseUrl} (ending in {@code /client/v4}) with {@code token}; {@code args}
     * are the harness's further flags ({@code --from}, {@code --to}, {@code --subject}, {@code --raw}...).
     */
    static Result send(String baseUrl, String token, String... args) throws IOException, InterruptedException {
        Path dir = HARNESS.install();
        List<String> command = new ArrayList<>(List.of("node", dir.resolve("send.mjs").toAbsolutePath().toString(),
                "--base-url", baseUrl, "--token", token, "--account-id", "0123456789abcdef0123456789abcdef"));
        command.addAll(Arrays.asList(args));
        // the SDK also reads CLOUDFLARE_* from the environment: only the arguments may decide
        NodeHarness.Run run = NodeHarness.run(command, Map.of(), List.of("CLOUDFLARE_"), 90);
        String last = run.lastJsonLine();
        if (last == null) {
            throw new IllegalStateException("the harness printed no JSON (exit " + run.exitCode() + "):\n"
                    + run.output());
        }
        return new Result(run.exitCode(), JSON.readTree(last), run.output());
    }
}
