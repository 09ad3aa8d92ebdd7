package dev.mailroom.e2e;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The local stack of {@code bin/mailroom}, on free ports and a private state folder, so a test run never meets a
 * stack a developer has running.
 */
final class Stack {

    final Path root;
    final Path state;
    final Map<String, String> env = new HashMap<>();
    final int smtpPort;

    Stack(Path root, Path state, String smarthost) {
        this.root = root;
        this.state = state;
        this.smtpPort = freePort();
        env.put("MAILROOM_STATE", state.toString());
        env.put("MAILROOM_KAFKA_PORT", Integer.toString(freePort()));
        env.put("MAILROOM_KAFKA_CONTROLLER_PORT", Integer.toString(freePort()));
        env.put("MAILROOM_PG_PORT", Integer.toString(freePort()));
        env.put("MAILROOM_SMTP_PORT", Integer.toString(smtpPort));
        env.put("MAILROOM_SMTP_SUBMISSION_PORT", Integer.toString(freePort()));
        env.put("MAILROOM_HTTP_PORT", Integer.toString(freePort()));
        env.put("MAILROOM_INGRESS_HTTP_PORT", Integer.toString(freePort()));
        env.put("MAILROOM_ROUTER_HTTP_PORT", Integer.toString(freePort()));
        env.put("MAILROOM_AGENT_HOST_HTTP_PORT", Integer.toString(freePort()));
        env.put("MAILROOM_DOMAINS", "agents.localhost");
        env.put("MAILROOM_EGRESS_SMARTHOST", smarthost);
        env.put("MAILROOM_EGRESS_SMARTHOST_TLS", "none");
        env.put("MAILROOM_EGRESS_RETRY_SCHEDULE", "2s"); // deferred mail is retried within the test's patience
    }

    /** Runs {@code bin/mailroom <args>}; returns its exit code and output. */
    Result mailroom(Duration timeout, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(root.resolve("bin/mailroom").toString());
        command.addAll(List.of(args));
        return run(command, env, timeout);
    }

    static Result run(List<String> command, Map<String, String> env, Duration timeout)
            throws IOException, InterruptedException {
        Path out = Files.createTempFile("mailroom-e2e-", ".out");
        try {
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile());
            pb.environment().putAll(env);
            Process p = pb.start();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(command + " did not finish within " + timeout + ":\n"
                        + Files.readString(out, StandardCharsets.UTF_8));
            }
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
        }
    }

    record Result(int exitCode, String output) {
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
