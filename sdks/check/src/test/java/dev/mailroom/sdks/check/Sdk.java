package dev.mailroom.sdks.check;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

/**
 * What every check needs: the SDKs' folder, the reactor's version, the language tools on {@code PATH}, and running a
 * tool from an SDK's folder with a timeout, its output kept in {@code target/sdk-check/<label>.log} and printed into
 * the Surefire report.
 *
 * <p>A missing SDK folder or tool skips the calling test with a message naming what to install, unless
 * {@code MAILROOM_E2E_REQUIRED=1} (set by {@code .ci/run}): then it fails.
 */
final class Sdk {

    /** How much of a failing tool's output goes into the assertion message (the whole is in the log file). */
    private static final int TAIL_LINES = 80;

    private Sdk() {
    }

    /** {@code sdks/} of the repository ({@code -Dmailroom.sdks}, set by the module's pom). */
    static Path sdks() {
        return Path.of(System.getProperty("mailroom.sdks", "..")).toAbsolutePath().normalize();
    }

    /** The reactor's version ({@code -Dmailroom.version}): the server's, which every SDK follows. */
    static String reactorVersion() {
        String v = System.getProperty("mailroom.version");
        if (v == null || v.isBlank()) {
            fail("-Dmailroom.version is not set: run through Maven (./mvnw -pl sdks/check verify)");
        }
        return v;
    }

    /** This module's {@code target/} (builds, caches, logs). */
    static Path target() {
        return Path.of(System.getProperty("mailroom.sdk-check.target", "target")).toAbsolutePath().normalize();
    }

    /** The folder of one SDK ({@code typescript}, {@code python}, {@code go}, {@code java}); skips when absent. */
    static Path folder(String name) {
        Path dir = sdks().resolve(name);
        if (!Files.isDirectory(dir)) {
            skipOrFail("sdks/" + name + " is missing");
        }
        return dir;
    }

    /** Skips the test with {@code why}, or fails it when {@code MAILROOM_E2E_REQUIRED=1}. */
    static void skipOrFail(String why) {
        if ("1".equals(System.getenv("MAILROOM_E2E_REQUIRED"))) {
            fail(why + " (MAILROOM_E2E_REQUIRED=1: nothing may be skipped)");
        }
        Assumptions.assumeTrue(false, why);
    }

    /** {@code executable} on {@code PATH}, if there. */
    static Optional<Path> onPath(String executable) {
        return Optional.ofNullable(System.getenv("PATH")).stream()
                .flatMap(p -> Arrays.stream(p.split(File.pathSeparator)))
                .map(dir -> Path.of(dir, executable)).filter(Files::isExecutable).findFirst();
    }

    /** {@code executable} on {@code PATH}; skips (or fails) naming the Debian packages that bring it. */
    static Path tool(String executable, String debianPackages) {
        Optional<Path> found = onPath(executable);
        if (found.isEmpty()) {
            skipOrFail(executable + " is not on PATH: apt-get install " + debianPackages);
        }
        return found.orElseThrow();
    }

    /** The environment of a unit run: this process's, never live ({@code MAILROOM_LIVE} removed). */
    static Map<String, String> unitEnv() {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.remove("MAILROOM_LIVE");
        return env;
    }

    record Run(String label, int exitCode, String output, Path log) {

        /** The last lines of the output, for an assertion message. */
        String tail() {
            List<String> lines = output.lines().toList();
            return String.join("\n", lines.subList(Math.max(0, lines.size() - TAIL_LINES), lines.size()));
        }
    }

    /**
     * Runs {@code command} in {@code dir} with exactly {@code env}; kills it (and what it started) after
     * {@code timeout}. The output (stdout and stderr) is written to {@code target/sdk-check/<label>.log} and printed.
     */
    static Run run(String label, Path dir, Map<String, String> env, Duration timeout, String... command)
            throws IOException, InterruptedException {
        Path logs = Files.createDirectories(target().resolve("sdk-check"));
        Path log = logs.resolve(label + ".log");
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().clear();
        pb.environment().putAll(env);
        System.out.println("sdk-check: " + label + ": " + String.join(" ", command) + "  (in " + dir + ")");
        Process p = pb.start();
        boolean done = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (!done) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        System.out.println(output);
        if (!done) {
            fail(label + ": " + String.join(" ", command) + " did not finish within " + timeout + " (log: " + log
                    + "); its output ends with:\n" + new Run(label, -1, output, log).tail());
        }
        return new Run(label, p.exitValue(), output, log);
    }

    /** {@link #run} that must exit 0; fails with the tail of the output otherwise. */
    static Run passes(String label, Path dir, Map<String, String> env, Duration timeout, String... command)
            throws IOException, InterruptedException {
        Run r = run(label, dir, env, timeout, command);
        if (r.exitCode() != 0) {
            fail(label + ": " + String.join(" ", command) + " exited " + r.exitCode() + " (in " + dir + ", log: "
                    + r.log() + "); its output ends with:\n" + r.tail());
        }
        return r;
    }

    /** Copies {@code from} to {@code to} (replaced), leaving out build output, caches and installed packages. */
    static Path copyTree(Path from, Path to) throws IOException {
        deleteTree(to);
        List<String> skipped = List.of("node_modules", "build", "dist", "__pycache__", ".venv", ".git", "target");
        try (var paths = Files.walk(from)) {
            for (Path p : (Iterable<Path>) paths::iterator) {
                Path rel = from.relativize(p);
                boolean skip = false;
                for (Path part : rel) {
                    String name = part.toString();
                    skip |= skipped.contains(name) || name.endsWith(".egg-info");
                }
                if (skip) {
                    continue;
                }
                Path dest = to.resolve(rel.toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(dest);
                } else {
                    Files.copy(p, dest);
                }
            }
        }
        return to;
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
