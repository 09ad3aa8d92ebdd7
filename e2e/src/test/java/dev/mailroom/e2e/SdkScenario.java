package dev.mailroom.e2e;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Issue 19, as a developer meets it: each SDK's own live suite (TypeScript {@code node --test test/live/}, Python
 * {@code python3 -m unittest discover -s tests/live}, Go {@code go test -run Live}, Java {@code JavaSdkScenario})
 * against this stack, and each README's quickstart copied into a clean folder and run ({@code sdks/quickstart-check}).
 * The suites get the environment of sdks/README.md: {@code MAILROOM_LIVE=1}, {@code MAILROOM_BASE_URL},
 * {@code MAILROOM_API_KEY} (the bootstrap key), {@code MAILROOM_SMTP} (ingress), {@code MAILROOM_SINK_DIR} (the
 * smarthost's dump folder), {@code MAILROOM_DOMAIN} and {@code MAILROOM_RUN} (unique per run).
 *
 * <p>All four SDKs start together on the first call (their 429 case waits out a one-minute rate window each); each
 * {@code EchoEndToEndIT#sdk*} test then waits for its own. A missing toolchain or SDK skips that SDK's test with a
 * message, or fails it under {@code MAILROOM_E2E_REQUIRED=1}. Run by {@link EchoEndToEndIT} on its stack.
 */
final class SdkScenario {

    static final List<String> SDKS = List.of("typescript", "python", "go", "java");
    private static final Duration SUITE_TIMEOUT = Duration.ofMinutes(8);
    private static final Duration QUICKSTART_TIMEOUT = Duration.ofMinutes(6);
    private static final int TAIL_LINES = 150;

    /** What one SDK's run left: why it was skipped, or its failures (none = passed) and output. */
    record Outcome(String skipped, List<String> failures, String output) {
    }

    private final Stack stack;
    private final SmtpSink sink;
    private final Path work;
    private final Path sdks;
    private final String run;
    private final Map<String, CompletableFuture<Outcome>> outcomes = new LinkedHashMap<>();
    /** One thread per suite, quickstart and Java case: each mostly waits on a process or the stack. */
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "sdk-scenario");
        t.setDaemon(true);
        return t;
    });

    SdkScenario(Stack stack, SmtpSink sink, Path work) {
        this.stack = stack;
        this.sink = sink;
        this.work = work.resolve("sdks");
        this.sdks = Stack.root().resolve("sdks");
        this.run = "r" + Long.toString(System.currentTimeMillis(), 36);
        for (String sdk : SDKS) {
            outcomes.put(sdk, start(sdk));
        }
    }

    /** Waits for {@code sdk}'s live suite and quickstart; skips, or fails with what failed and the output's tail. */
    void assertPassed(String sdk) throws InterruptedException {
        if (!outcomes.containsKey(sdk)) {
            throw new IllegalArgumentException(sdk);
        }
        Outcome outcome;
        try {
            // all four first: nothing of the SDKs' runs goes on in the background while other scenarios run
            CompletableFuture.allOf(outcomes.values().toArray(CompletableFuture[]::new))
                    .get(SUITE_TIMEOUT.plusMinutes(2).toMillis(), TimeUnit.MILLISECONDS);
            outcome = outcomes.get(sdk).get();
        } catch (ExecutionException e) {
            throw new AssertionError(sdk + " SDK: the harness failed", e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError(sdk + " SDK: no outcome within " + SUITE_TIMEOUT.plusMinutes(2));
        }
        if (outcome.skipped() != null) {
            if ("1".equals(System.getenv("MAILROOM_E2E_REQUIRED"))) {
                fail(outcome.skipped() + " (MAILROOM_E2E_REQUIRED=1: nothing may be skipped)");
            }
            org.junit.jupiter.api.Assumptions.assumeTrue(false, outcome.skipped());
        }
        if (!outcome.failures().isEmpty()) {
            List<String> lines = outcome.output().lines().toList();
            fail(sdk + " SDK against the live stack (run " + run + "): " + String.join("; ", outcome.failures())
                    + "\n--- output (last " + TAIL_LINES + " lines; the logs are in " + work + "):\n"
                    + String.join("\n", lines.subList(Math.max(0, lines.size() - TAIL_LINES), lines.size())));
        }
    }

    /** The environment of the live suites and the quickstarts (sdks/README.md). */
    Map<String, String> liveEnv() throws IOException {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("MAILROOM_LIVE", "1");
        env.put("MAILROOM_BASE_URL", "http://127.0.0.1:" + stack.env.get("MAILROOM_HTTP_PORT"));
        env.put("MAILROOM_API_KEY", stack.bootstrapKey());
        env.put("MAILROOM_SMTP", "127.0.0.1:" + stack.smtpPort);
        env.put("MAILROOM_SINK_DIR", sink.dump.toString());
        env.put("MAILROOM_DOMAIN", stack.env.get("MAILROOM_DOMAINS").split(",")[0].strip());
        env.put("MAILROOM_RUN", run);
        // the quickstart check's `java` is this JVM's (17+), the one the Java SDK was built for
        env.put("PATH", Path.of(System.getProperty("java.home"), "bin") + File.pathSeparator
                + env.getOrDefault("PATH", ""));
        return env;
    }

    private CompletableFuture<Outcome> start(String sdk) {
        Path dir = sdks.resolve(sdk);
        if (!Files.isDirectory(dir)) {
            return done("sdks/" + sdk + " is missing");
        }
        String missing = missingTools(sdk);
        if (missing != null) {
            return done(missing);
        }
        CompletableFuture<List<String>> quickstart = CompletableFuture.supplyAsync(() -> quickstart(sdk), threads);
        CompletableFuture<List<String>> suite = CompletableFuture.supplyAsync(() -> "java".equals(sdk)
                ? javaScenario() : liveSuite(sdk, dir), threads);
        return suite.thenCombine(quickstart, (a, b) -> {
            List<String> failures = new ArrayList<>();
            failures.addAll(a.subList(1, a.size()));
            failures.addAll(b.subList(1, b.size()));
            // a failing part's output last: the assertion shows the output's tail
            boolean suiteFailed = a.size() > 1;
            return new Outcome(null, failures, suiteFailed ? b.get(0) + "\n" + a.get(0) : a.get(0) + "\n" + b.get(0));
        });
    }

    private static CompletableFuture<Outcome> done(String skipped) {
        return CompletableFuture.completedFuture(new Outcome(skipped, List.of(), ""));
    }

    /** Why {@code sdk} cannot run here (its tools and the Debian packages that bring them), or null. */
    private static String missingTools(String sdk) {
        return switch (sdk) {
            case "typescript" -> onPath("node") && onPath("npm") ? null
                    : "node and/or npm missing: apt-get install nodejs npm";
            case "python" -> Files.isExecutable(Path.of("/usr/bin/python3")) && pythonPackaging() ? null
                    : "/usr/bin/python3 with build, wheel and venv missing: apt-get install python3-build "
                            + "python3-wheel python3-venv python3-setuptools python3-pip";
            case "go" -> onPath("go") ? null : "go missing: apt-get install golang-go";
            default -> null;
        };
    }

    private static boolean pythonPackaging() {
        try {
            Process p = new ProcessBuilder("/usr/bin/python3", "-c", "import build, wheel, setuptools, venv, ensurepip")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static boolean onPath(String executable) {
        return Optional.ofNullable(System.getenv("PATH")).stream()
                .flatMap(p -> Arrays.stream(p.split(File.pathSeparator)))
                .anyMatch(d -> Files.isExecutable(Path.of(d, executable)));
    }

    /** The SDK's live suite with its own runner, from its folder: [output, failures...]. */
    private List<String> liveSuite(String sdk, Path dir) {
        try {
            Map<String, String> env = liveEnv();
            List<String> command = switch (sdk) {
                case "typescript" -> List.of("node", "--test", "test/live/");
                case "python" -> List.of("/usr/bin/python3", "-m", "unittest", "discover", "-s", "tests/live",
                        "-t", ".");
                case "go" -> List.of("go", "test", "-count=1", "-run", "Live", "./...");
                default -> throw new IllegalArgumentException(sdk);
            };
            if ("python".equals(sdk)) {
                env.put("PYTHONDONTWRITEBYTECODE", "1");
                env.put("PYTHONNOUSERSITE", "1");
            }
            if ("go".equals(sdk)) {
                goEnv(env);
            }
            return runTool(sdk + "-live", dir, env, SUITE_TIMEOUT, command);
        } catch (Exception e) {
            return List.of(String.valueOf(e), sdk + " live suite could not run: " + e);
        }
    }

    /** {@code sdks/quickstart-check <sdk>} in a fresh folder: [output, failures...]. */
    private List<String> quickstart(String sdk) {
        try {
            Map<String, String> env = liveEnv();
            env.remove("MAILROOM_LIVE");
            goEnv(env);
            env.put("MAILROOM_QUICKSTART_TIMEOUT", Long.toString(QUICKSTART_TIMEOUT.minusMinutes(1).toSeconds()));
            return runTool(sdk + "-quickstart", sdks, env, QUICKSTART_TIMEOUT, List.of("bash",
                    sdks.resolve("quickstart-check").toString(), "--work", work.resolve("quickstart").toString(),
                    sdk));
        } catch (Exception e) {
            return List.of(String.valueOf(e), sdk + " quickstart could not run: " + e);
        }
    }

    /** Go's caches under e2e/target (kept between runs), modules from nowhere: standard library only. */
    private static void goEnv(Map<String, String> env) {
        Path go = Stack.root().resolve("e2e/target/go");
        env.put("GOCACHE", go.resolve("cache").toString());
        env.put("GOPATH", go.resolve("path").toString());
        env.put("GOFLAGS", "-mod=mod");
        env.put("GOPROXY", "off");
        env.put("GOSUMDB", "off");
        env.put("GOTOOLCHAIN", "local");
    }

    /**
     * Runs {@code command} in {@code dir}; its output into {@code <work>/<label>.log} and this test's output. Kills it
     * and what it started after {@code timeout}. Returns [output, failure] (no failure when it exited 0).
     */
    private List<String> runTool(String label, Path dir, Map<String, String> env, Duration timeout,
            List<String> command) throws IOException, InterruptedException {
        Path log = Files.createDirectories(work).resolve(label + ".log");
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().clear();
        pb.environment().putAll(env);
        long started = System.nanoTime();
        Process p = pb.start();
        boolean finished = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (!finished) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        String seconds = Long.toString(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started));
        System.out.println("---- " + label + " (" + String.join(" ", command) + ", " + seconds + " s):\n" + output);
        String header = "== " + label + ": " + String.join(" ", command) + " (in " + dir + ", " + seconds + " s)\n";
        if (!finished) {
            return List.of(header + output, label + " did not finish within " + timeout);
        }
        return p.exitValue() == 0 ? List.of(header + output)
                : List.of(header + output, label + " exited " + p.exitValue());
    }

    /** One live case of the Java SDK (a method of {@link JavaSdkScenario}). */
    private interface JavaCase {
        void run() throws Exception;
    }

    /** The Java SDK's live cases ({@link JavaSdkScenario}) on this stack, all at once like the other SDKs' suites. */
    private List<String> javaScenario() {
        StringBuilder out = new StringBuilder("== java-live: " + JavaSdkScenario.class.getName() + "\n");
        List<String> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        Map<String, String> env;
        try {
            env = liveEnv();
        } catch (IOException e) {
            return List.of(out + stackTrace(e), "the stack's environment: " + e);
        }
        JavaSdkScenario scenario = new JavaSdkScenario(env.get("MAILROOM_BASE_URL"), env.get("MAILROOM_API_KEY"),
                env.get("MAILROOM_SMTP"), Path.of(env.get("MAILROOM_SINK_DIR")), env.get("MAILROOM_DOMAIN"),
                env.get("MAILROOM_RUN"));
        Map<String, JavaCase> cases = new java.util.LinkedHashMap<>();
        cases.put("drafterDraftApprovedWithAnEdit", scenario::drafterDraftApprovedWithAnEdit);
        cases.put("echoAnswerArrivesThroughWaitForReply", scenario::echoAnswerArrivesThroughWaitForReply);
        cases.put("eventWebhookVerified", scenario::eventWebhookVerified);
        cases.put("listsPageOverMoreThanOnePage", scenario::listsPageOverMoreThanOnePage);
        cases.put("rateLimitedCallIsRetried", scenario::rateLimitedCallIsRetried);
        cases.put("sendIsDelivered", scenario::sendIsDelivered);
        cases.put("webhookAgentAnswers", scenario::webhookAgentAnswers);
        // each case uses its own markers, instances and servers
        List<CompletableFuture<String>> running = new ArrayList<>();
        cases.forEach((name, c) -> running.add(CompletableFuture.supplyAsync(() -> javaCase(name, c, failures),
                threads)));
        running.forEach(c -> out.append(c.join()));
        System.out.println("---- java-live:\n" + out);
        List<String> result = new ArrayList<>(List.of(out.toString()));
        result.addAll(failures);
        return result;
    }

    /** One case of the Java scenario: its report line; a failure added to {@code failures}. */
    private static String javaCase(String name, JavaCase c, List<String> failures) {
        long started = System.nanoTime();
        String line;
        try {
            c.run();
            line = "passed " + name;
        } catch (Exception | AssertionError e) {
            failures.add(name + ": " + e);
            line = "FAILED " + name + ": " + stackTrace(e);
        }
        return line + " (" + TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started) + " s)\n";
    }

    private static String stackTrace(Throwable e) {
        java.io.StringWriter w = new java.io.StringWriter();
        e.printStackTrace(new java.io.PrintWriter(w));
        return w.toString();
    }
}
