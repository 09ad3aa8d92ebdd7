package dev.mailroom.api.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A Node.js harness of the module's tests ({@code src/test/node/<name>}: a {@code package.json}, its
 * {@code package-lock.json} and scripts) that drives the api with an official npm client. The harness is copied to
 * {@code target/node/<name>} and installed there with {@code npm ci} (the versions of its lock file) the first time a
 * test needs it, or when the lock file changed: a fresh clone and {@code ./mvnw verify} need only {@code node} and
 * {@code npm} on the PATH and the npm registry. Without them the test fails, naming what is missing.
 */
public final class NodeHarness {

    /** A finished process: its exit code and its output (stdout and stderr). */
    public record Run(int exitCode, String output) {

        /** The last line of the output that starts with {@code {}, or null. */
        public String lastJsonLine() {
            return output.lines().filter(l -> l.startsWith("{")).reduce((a, b) -> b).orElse(null);
        }
    }

    private final String name;
    private final List<String> files;
    private final String module;

    /**
     * @param name   the folder under {@code src/test/node}
     * @param files  the files to copy (the package files and the scripts)
     * @param module the npm package whose {@code package.json} shows the installation is there
     */
    public NodeHarness(String name, List<String> files, String module) {
        this.name = name;
        this.files = files;
        this.module = module;
    }

    /** Installs the harness when needed; returns its folder. */
    public synchronized Path install() throws IOException, InterruptedException {
        Path source = Path.of("src/test/node", name);
        Path work = Path.of("target/node", name);
        Files.createDirectories(work);
        boolean lockChanged = !Files.exists(work.resolve("package-lock.json"))
                || Files.mismatch(source.resolve("package-lock.json"), work.resolve("package-lock.json")) != -1;
        for (String f : files) {
            Files.copy(source.resolve(f), work.resolve(f), StandardCopyOption.REPLACE_EXISTING);
        }
        if (lockChanged || !Files.exists(work.resolve("node_modules").resolve(module).resolve("package.json"))) {
            Run npm = run(List.of("npm", "ci", "--no-audit", "--no-fund", "--prefix", work.toAbsolutePath().toString()),
                    Map.of(), List.of(), 300);
            if (npm.exitCode() != 0) {
                throw new IllegalStateException("npm ci of the " + name + " harness failed (exit " + npm.exitCode()
                        + "):\n" + npm.output());
            }
        }
        return work;
    }

    /**
     * Runs {@code command}, its environment without the variables starting with one of {@code dropPrefixes} and
     * with {@code env}; fails when it outlasts {@code timeoutSeconds}.
     */
    public static Run run(List<String> command, Map<String, String> env, List<String> dropPrefixes,
            long timeoutSeconds) throws IOException, InterruptedException {
        Path log = Files.createTempFile(Files.createDirectories(Path.of("target/node")), "run-", ".log");
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
        pb.environment().keySet().removeIf(k -> dropPrefixes.stream().anyMatch(k::startsWith));
        pb.environment().putAll(env);
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot run '" + command.get(0) + "': Node.js 20+ and npm must be on the"
                    + " PATH for the npm client tests (" + e.getMessage() + ")", e);
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
