package dev.mailroom.api.rest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The official {@code cloudflare} npm SDK, driven by the harness {@code src/test/node/cloudflare-sdk/send.mjs}. The
 * harness is copied to {@code target/node/cloudflare-sdk} and installed there with {@code npm ci} (the versions of
 * its {@code package-lock.json}) the first time a test needs it, or when the lock file changed: a fresh clone and
 * {@code ./mvnw verify} need only {@code node} and {@code npm} on the PATH and the npm registry. Without them the
 * test fails, naming what is missing.
 */
final class CloudflareSdk {

    private static final Path SOURCE = Path.of("src/test/node/cloudflare-sdk");
    private static final Path WORK = Path.of("target/node/cloudflare-sdk");
    private static final List<String> FILES = List.of("package.json", "package-lock.json", "send.mjs");
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

    /** Installs the harness when needed; returns its folder. */
    static synchronized Path install() throws IOException, InterruptedException {
        Files.createDirectories(WORK);
        boolean lockChanged = !Files.exists(WORK.resolve("package-lock.json"))
                || Files.mismatch(SOURCE.resolve("package-lock.json"), WORK.resolve("package-lock.json")) != -1;
        for (String f : FILES) {
            Files.copy(SOURCE.resolve(f), WORK.resolve(f), StandardCopyOption.REPLACE_EXISTING);
        }
        if (lockChanged || !Files.exists(WORK.resolve("node_modules/cloudflare/package.json"))) {
            Run npm = run(List.of("npm", "ci", "--no-audit", "--no-fund", "--prefix", WORK.toAbsolutePath().toString()),
                    Map.of(), 300);
            if (npm.exitCode() != 0) {
                throw new IllegalStateException("npm ci of the cloudflare SDK harness failed (exit " + npm.exitCode()
                        + "):\n" + npm.output());
            }
        }
        return WORK;
    }

    /**
     * Runs {@code send.mjs} against {@code baseUrl} (ending in {@code /client/v4}) with {@code token}; {@code args}
     * are the harness's further flags ({@code --from}, {@code --to}, {@code --subject}, {@code --raw}...).
     */
    static Result send(String baseUrl, String token, String... args) throws IOException, InterruptedException {
        Path dir = install();
        List<String> command = new ArrayList<>(List.of("node", dir.resolve("send.mjs").toAbsolutePath().toString(),
                "--base-url", baseUrl, "--token", token, "--account-id", "0123456789abcdef0123456789abcdef"));
        command.addAll(Arrays.asList(args));
        Run run = run(command, Map.of(), 90);
        String last = run.output().lines().filter(l -> l.startsWith("{")).reduce((a, b) -> b).orElse(null);
        if (last == null) {
            throw new IllegalStateException("the harness printed no JSON (exit " + run.exitCode() + "):\n"
                    + run.output());
        }
        return new Result(run.exitCode(), JSON.readTree(last), run.output());
    }

    private record Run(int exitCode, String output) {
    }

    private static Run run(List<String> command, Map<String, String> env, long timeoutSeconds)
            throws IOException, InterruptedException {
        Path log = Files.createTempFile(Files.createDirectories(WORK.getParent()), "run-", ".log");
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
        // the SDK also reads CLOUDFLARE_* from the environment: only the arguments may decide
        pb.environment().keySet().removeIf(k -> k.startsWith("CLOUDFLARE_"));
        pb.environment().putAll(env);
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot run '" + command.get(0) + "': Node.js 20+ and npm must be on the"
                    + " PATH for the cloudflare SDK test (" + e.getMessage() + ")", e);
        }
        p.getOutputStream().close();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            throw new IllegalStateException(command.get(0) + " did not finish in " + timeoutSeconds + " s:\n"
                    + Files.readString(log, StandardCharsets.UTF_8));
        }
        String out = Files.readString(log, StandardCharsets.UTF_8);
        Files.delete(log);
        return new Run(p.exitValue(), out);
    }
}
