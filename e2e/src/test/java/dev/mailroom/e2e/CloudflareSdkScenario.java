package dev.mailroom.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Issue 16's Cloudflare compatibility, as a user meets it: the official {@code cloudflare} npm SDK, pointed at the
 * api ({@code baseURL http://<api>/client/v4}, the Mailroom API key as its token), sends with
 * {@code client.emailSending.send} and {@code sendRaw}; both messages arrive at the smarthost (Postfix's
 * {@code smtp-sink}) with the Message-ID the SDK was answered; a wrong token gets Cloudflare's {@code 10101}. The SDK
 * runs through the api module's harness ({@code api/src/test/node/cloudflare-sdk}), installed with {@code npm ci}
 * into the work folder. Run by {@link EchoEndToEndIT} on its stack.
 */
final class CloudflareSdkScenario {

    private static final Duration ARRIVAL = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Stack stack;
    private final SmtpSink sink;
    private final Path work;

    CloudflareSdkScenario(Stack stack, SmtpSink sink, Path work) {
        this.stack = stack;
        this.sink = sink;
        this.work = work;
    }

    void run() throws Exception {
        Path harness = install();
        String key = stack.bootstrapKey();

        String marker = "cf-sdk-" + System.nanoTime();
        JsonNode sent = send(harness, key, "--from", "app@agents.localhost", "--to", "customer@example.org",
                "--subject", marker, "--text", "hello from " + marker);
        assertTrue(sent.path("ok").asBoolean(), sent.toString());
        assertEquals("[\"customer@example.org\"]", sent.path("result").path("queued").toString(), sent.toString());
        String messageId = sent.path("result").path("message_id").asText();
        await().atMost(ARRIVAL).until(() -> sink.messages().stream().anyMatch(m -> m.contains("Subject: " + marker)));
        String message = sink.messages().stream().filter(m -> m.contains("Subject: " + marker)).findFirst().orElseThrow();
        assertTrue(message.contains("Message-ID: " + messageId), messageId + " in\n" + message);
        assertTrue(message.contains("hello from " + marker), message);

        String rawMarker = "cf-sdk-raw-" + System.nanoTime();
        JsonNode raw = send(harness, key, "--raw", "--from", "app@agents.localhost", "--to", "other@example.org",
                "--subject", rawMarker, "--text", "raw " + rawMarker);
        assertTrue(raw.path("ok").asBoolean(), raw.toString());
        await().atMost(ARRIVAL).until(() -> sink.messages().stream().anyMatch(m -> m.contains("Subject: " + rawMarker)));

        JsonNode refused = send(harness, "mr_nosuchkey_0123456789", "--from", "app@agents.localhost", "--to",
                "customer@example.org");
        assertEquals(401, refused.path("status").asInt(), refused.toString());
        assertEquals(10101, refused.path("errors").path(0).path("code").asInt(), refused.toString());
    }

    /** Copies the api module's harness into the work folder and installs its locked dependencies. */
    private Path install() throws IOException, InterruptedException {
        Path source = Stack.root().resolve("api/src/test/node/cloudflare-sdk");
        Path dir = Files.createDirectories(work.resolve("cloudflare-sdk"));
        for (String f : List.of("package.json", "package-lock.json", "send.mjs")) {
            Files.copy(source.resolve(f), dir.resolve(f), StandardCopyOption.REPLACE_EXISTING);
        }
        Stack.Result npm = Stack.run(List.of("npm", "ci", "--no-audit", "--no-fund", "--prefix", dir.toString()),
                Map.of(), Duration.ofMinutes(5));
        assertEquals(0, npm.exitCode(), "npm ci of the cloudflare SDK harness:\n" + npm.output());
        return dir;
    }

    private JsonNode send(Path harness, String token, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("node", harness.resolve("send.mjs").toString(), "--base-url",
                "http://127.0.0.1:" + stack.env.get("MAILROOM_HTTP_PORT") + "/client/v4", "--token", token,
                "--account-id", "e2e-account"));
        command.addAll(List.of(args));
        Stack.Result r = Stack.run(command, Map.of(), Duration.ofSeconds(90));
        String last = r.output().lines().filter(l -> l.startsWith("{")).reduce((a, b) -> b)
                .orElseThrow(() -> new AssertionError("the harness printed no JSON:\n" + r.output()));
        return JSON.readTree(last);
    }
}
