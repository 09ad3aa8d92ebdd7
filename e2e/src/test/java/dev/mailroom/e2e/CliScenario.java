package dev.mailroom.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpServer;

import dev.mailroom.sdk.JsonObject;

/**
 * The {@code mailroom} CLI (issue 20) as processes against a running stack: {@code bin/mailroom <command>} with
 * {@code MAILROOM_API_URL} and {@code MAILROOM_API_KEY} (an admin key) set, each case checking the exit code, the
 * output and, where mail leaves, the smarthost's sink folder. One public method per case, each throwing an
 * {@link AssertionError} naming what went wrong; {@link #main} runs them against the dev stack
 * ({@code MAILROOM_BASE_URL}, {@code MAILROOM_API_KEY}, {@code MAILROOM_SMTP}, {@code MAILROOM_SINK_DIR},
 * {@code MAILROOM_DOMAIN}, {@code MAILROOM_RUN}, as for the SDK scenarios). Mail into the stack goes in with
 * {@code swaks}. The CLI is {@code <repo>/bin/mailroom} (built on first use), or {@code $MAILROOM_CLI}.
 */
public final class CliScenario {

    private static final Duration PATIENCE = Duration.ofSeconds(90);

    private final String baseUrl;
    private final String apiKey;
    private final String smtp;
    private final Path sinkDir;
    private final String domain;
    private final String run;
    private final Path home;

    /** One finished CLI process. */
    public record Cli(int code, String out, String err) {
        JsonObject json() {
            return JsonObject.parse(out);
        }

        List<JsonObject> array() {
            return JsonObject.parse("{\"a\":" + out + "}").objects("a");
        }

        @Override
        public String toString() {
            return "exit " + code + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    public CliScenario(String baseUrl, String apiKey, String smtp, Path sinkDir, String domain, String run)
            throws IOException {
        this.baseUrl = baseUrl;
        this.apiKey = apiKey;
        this.smtp = smtp;
        this.sinkDir = sinkDir;
        this.domain = domain;
        this.run = run.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
        this.home = Files.createTempDirectory("mailroom-cli-e2e");
    }

    public static CliScenario fromEnvironment() throws IOException {
        Map<String, String> env = System.getenv();
        return new CliScenario(env.get("MAILROOM_BASE_URL"), env.get("MAILROOM_API_KEY"), env.get("MAILROOM_SMTP"),
                Path.of(env.get("MAILROOM_SINK_DIR")), env.getOrDefault("MAILROOM_DOMAIN", "agents.localhost"),
                env.getOrDefault("MAILROOM_RUN", "run" + System.currentTimeMillis()));
    }

    // ---- cases ----

    /** Help, completion and the usage errors: exit 0 and 2, a message, never a stack trace, no request made. */
    public void helpCompletionAndUsageErrors() throws Exception {
        Cli help = cli("send", "--help");
        expect(help, 0);
        check(help.out().contains("--attachment PATH") && help.out().contains("--idempotency-key"), "send --help: " + help);
        Cli bash = cli("completion", "bash");
        expect(bash, 0);
        Path script = home.resolve("completion.bash");
        Files.writeString(script, bash.out());
        Cli syntax = process(List.of("bash", "-n", script.toString()), Map.of(), null, Duration.ofSeconds(30));
        expect(syntax, 0);
        for (List<String> bad : List.of(List.of("send", "--bogus"), List.of("frobnicate"), List.of("domains", "frob"),
                List.of("send", "--from", "app@" + domain), List.of("wait", "Echo"))) {
            Cli r = cli(bad.toArray(String[]::new));
            expect(r, 2);
            check(!r.err().contains("\tat ") && !r.err().contains("Exception"), "a stack trace: " + r);
        }
    }

    /** A bad key: exit 3 and the problem's detail; an unknown id: exit 4; an unreachable API: exit 6. */
    public void errorsExitWithTheirCodes() throws Exception {
        Cli bad = cli(Map.of("MAILROOM_API_KEY", "mr_not_a_key"), null, "keys", "list");
        expect(bad, 3);
        check(bad.err().contains("HTTP 401"), "401 not shown: " + bad);
        expect(cli("drafts", "show", "nope-" + run), 4);
        expect(cli("read", "nope-" + run), 4);
        expect(cli("webhooks", "show", "nope-" + run), 4);
        expect(cli(Map.of("MAILROOM_API_URL", "http://127.0.0.1:9"), null, "keys", "list"), 6);
        Cli invalid = cli("send", "--from", "app@" + domain, "--to", "not an address", "--text", "x");
        expect(invalid, 1);
        check(invalid.err().contains("to[0]") && invalid.out().contains("\"field\": \"to[0]\""),
                "the invalid field is not named: " + invalid);
    }

    /** {@code send} with wrangler's flags and an attachment, {@code --wait}: sent, and the sink has it all. */
    public void sendWithAttachmentArrivesAtTheSink() throws Exception {
        String subject = marker("send");
        Path file = home.resolve("report-" + run + ".txt");
        Files.writeString(file, "attached report " + subject);
        Cli sent = cli("send", "--from", "app@" + domain, "--from-name", "CLI App", "--to", "customer@example.org",
                "--cc", "copy@example.org", "--subject", subject, "--text", "hello from the CLI",
                "--html", "<p>hello from the CLI</p>", "--header", "X-Cli-Test: " + run, "--attachment",
                file.toString(), "--idempotency-key", "cli-" + subject, "--wait", "60");
        expect(sent, 0);
        check(sent.out().contains("\"status\": \"sent\"") || sent.out().contains("\"status\": \"delivered\""),
                "no final status: " + sent);
        check(sent.err().contains(" sent (") || sent.err().contains(" delivered ("), "no progress on stderr: " + sent);
        String message = sink("Subject: " + subject);
        check(message.contains("CLI App") && message.contains("X-Cli-Test: " + run), "From name or header lost: "
                + message);
        check(message.contains("report-" + run + ".txt"), "the attachment is not in the sink's copy");
        // the same idempotency key again: the same send, not a second message
        Matcher id = Pattern.compile("\"id\": \"([^\"]+)\"").matcher(sent.out());
        check(id.find(), "no id: " + sent);
        Cli again = cli("send", "--from", "app@" + domain, "--to", "customer@example.org", "--subject", subject,
                "--text", "hello from the CLI", "--idempotency-key", "cli-" + subject);
        check(again.code() != 0 || again.out().contains(id.group(1)), "a repeated idempotency key sent twice: " + again);
    }

    /** {@code send-raw}: a whole MIME file goes out as it is. */
    public void sendRawArrivesAtTheSink() throws Exception {
        String subject = marker("raw");
        Path eml = home.resolve("raw-" + run + ".eml");
        Files.writeString(eml, "From: App <app@" + domain + ">\r\nTo: customer@example.org\r\nSubject: " + subject
                + "\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nraw body " + subject + "\r\n");
        Cli sent = cli("send-raw", "--from", "app@" + domain, "--to", "customer@example.org", "--mime-file",
                eml.toString());
        expect(sent, 0);
        check(sink("Subject: " + subject).contains("raw body"), "raw body lost");
    }

    /** SMTP to the echo agent, then {@code wait Echo <instance> --direction out}: its answer; and its state. */
    public void waitReturnsTheEchoAnswerAndStateShowsIt() throws Exception {
        String instance = run + "-cli";
        String subject = marker("echo");
        swaks("echo+" + instance + "@" + domain, subject, "ping from the CLI scenario");
        Cli waited = cli(Duration.ofSeconds(120), "wait", "Echo", instance, "--direction", "out", "--after", "0",
                "--timeout", "90s", "--json");
        expect(waited, 0);
        JsonObject m = waited.json().object("message");
        check(("Re: " + subject).equals(m.string("subject")), "not the echo answer: " + waited);
        check(waited.err().contains("waiting up to 90 s"), "no progress line: " + waited);
        Cli state = cli("state", "Echo", instance);
        expect(state, 0);
        check(state.json().longValue("count") != null && state.json().longValue("count") >= 1, "state: " + state);
        Cli instances = cli("instances", "Echo", "--json", "--limit", "1000");
        expect(instances, 0);
        check(instances.array().stream().anyMatch(i -> instance.equals(i.string("instance"))), "instance not listed");
        Cli agents = cli("agents", "list");
        expect(agents, 0);
        check(agents.out().startsWith("CLASS") && agents.out().contains("Echo"), "agents table: " + agents);
        Cli none = cli("wait", "Echo", instance, "--timeout", "2s");
        expect(none, 5);
    }

    /** A Drafter draft: {@code drafts list}, {@code show}, {@code approve --text}: the edit reaches the sink. */
    public void draftApprovedWithAnEditArrivesAtTheSink() throws Exception {
        String instance = run + "-cli";
        String subject = marker("draft");
        swaks("drafter+" + instance + "@" + domain, subject, "please draft an answer");
        String draftId = until("a pending draft of Drafter/" + instance, () -> {
            Cli list = cli("drafts", "list", "--class", "Drafter", "--instance", instance, "--json");
            return list.code() == 0 && !list.array().isEmpty() ? list.array().get(0).string("id") : null;
        });
        Cli show = cli("drafts", "show", draftId);
        expect(show, 0);
        check(show.out().contains("pending"), "draft show: " + show);
        String edited = "approved through the CLI " + subject;
        Cli approve = cli("drafts", "approve", draftId, "--text", edited);
        expect(approve, 0);
        check(approve.out().startsWith("approved draft " + draftId), "approve: " + approve);
        check(sink(edited).contains(edited), "the edited text did not go out");
        expect(cli("drafts", "approve", draftId), 1); // decided already: a conflict
    }

    /** {@code tail} shows a message's events; {@code --since} resumes after a given event. */
    public void tailShowsTheEventsOfAMessageAndResumes() throws Exception {
        Tail tail = new Tail(List.of("tail", "--json", "--type", "message.sent,message.delivered", "--timeout", "90s"));
        try {
            Thread.sleep(1500); // the stream is open before the send
            Cli sent = cli("send", "--from", "app@" + domain, "--to", "customer@example.org", "--subject",
                    marker("tail"), "--text", "tail me");
            expect(sent, 0);
            String id = sent.json().string("id");
            JsonObject first = tail.next(e -> id.equals(e.object("data").string("message_id")));
            check(first.string("id") != null, "an event without its id: " + first);
            JsonObject delivered = tail.next(e -> id.equals(e.object("data").string("message_id"))
                    && "message.delivered".equals(e.string("type")));
            check(delivered != null, "no message.delivered");
            // resume right after the first event of this message: the delivered event comes again
            Cli resumed = cli("tail", "--json", "--since", first.string("id"), "--type", "message.delivered",
                    "--count", "50", "--timeout", "10s");
            check(resumed.out().lines().map(JsonObject::parse).anyMatch(e -> delivered.string("id")
                    .equals(e.string("id"))), "--since did not replay the delivered event: " + resumed);
        } finally {
            tail.close();
        }
    }

    /** Threads, search and read find a sent message. */
    public void threadsSearchAndReadFindAMessage() throws Exception {
        String subject = marker("read");
        Cli sent = cli("send", "--from", "app@" + domain, "--to", "customer@example.org", "--subject", subject, "--text",
                "find me " + run);
        expect(sent, 0);
        String id = sent.json().string("id");
        String threadId = until("search finds " + subject, () -> {
            Cli found = cli("search", "\"" + subject + "\"", "--json");
            return found.code() == 0 && !found.array().isEmpty() ? found.array().get(0).string("id") : null;
        });
        Cli thread = cli("threads", "show", threadId);
        expect(thread, 0);
        check(thread.out().contains(id), "thread lacks the message: " + thread);
        Cli read = cli("read", id);
        expect(read, 0);
        check(read.out().contains("subject:") && read.out().contains(subject) && read.out().contains("find me"),
                "read: " + read);
        Cli threads = cli("threads", "--limit", "5");
        expect(threads, 0);
        check(threads.out().startsWith("ID"), "threads table: " + threads);
    }

    /** {@code keys create} (the token once), {@code list}, {@code revoke}; a read-only key gets exit 3 for admin commands. */
    public void keysCreateListRevoke() throws Exception {
        Cli created = cli("keys", "create", "--name", "cli-" + run, "--permission", "read", "--domain",
                "other-" + run + ".example", "--json");
        expect(created, 0);
        String id = created.json().string("id");
        String token = created.json().string("token");
        check(token != null && !token.isEmpty(), "no token: " + created);
        check(cli("keys", "list", "--json", "--limit", "1000").array().stream().anyMatch(k -> id.equals(k.string("id"))),
                "the key is not listed");
        Cli whoami = cli(Map.of("MAILROOM_API_KEY", token), null, "whoami");
        check(whoami.code() == 0 && !whoami.out().contains(token), "whoami shows the whole key: " + whoami);
        expect(cli(Map.of("MAILROOM_API_KEY", token), null, "keys", "list"), 3); // read only: no admin
        expect(cli("keys", "revoke", id), 0);
        expect(cli(Map.of("MAILROOM_API_KEY", token), null, "threads"), 3);
    }

    /** {@code domains add|show|records|zone|verify|delete}. */
    public void domainsLifecycle() throws Exception {
        String name = "cli-" + run + ".example";
        Cli added = cli("domains", "add", name);
        expect(added, 0);
        check(added.out().contains("DKIM") || added.out().contains("dkim"), "records not shown: " + added);
        check(added.err().contains("mailroom domains verify " + name), "no next step: " + added);
        expect(cli("domains", "show", name), 0);
        Cli records = cli("domains", "records", name, "--json");
        expect(records, 0);
        check(!records.array().isEmpty(), "no records");
        Cli zone = cli("domains", "zone", name);
        expect(zone, 0);
        check(zone.out().contains("_domainkey"), "zone: " + zone);
        Cli verify = cli("domains", "verify", name);
        check(verify.code() == 0, "verify: " + verify);
        check(cli("domains", "list", "--json", "--limit", "1000").array().stream()
                .anyMatch(d -> name.equals(d.string("name"))), "not listed");
        expect(cli("domains", "delete", name), 0);
        expect(cli("domains", "show", name), 4);
        expect(cli("domain", "show", name), 4); // the old spelling still works
    }

    /** {@code webhooks create|list|test|replay|deliveries|delete} with a receiver on this machine. */
    public void webhooksLifecycle() throws Exception {
        BlockingQueue<String> bodies = new LinkedBlockingQueue<>();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        java.util.concurrent.atomic.AtomicInteger answer = new java.util.concurrent.atomic.AtomicInteger(204);
        receiver.createContext("/hook", x -> {
            bodies.add(new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            x.sendResponseHeaders(answer.get(), -1);
            x.close();
        });
        receiver.start();
        String id = null;
        try {
            Cli created = cli("webhooks", "create", "--url", "http://127.0.0.1:" + receiver.getAddress().getPort()
                    + "/hook", "--event", "message.sent", "--description", "cli " + run, "--json");
            expect(created, 0);
            id = created.json().string("id");
            check(created.json().string("secret") != null, "no secret: " + created);
            check(cli("webhooks", "list", "--json").array().stream().anyMatch(w -> w.string("id").equals(
                    created.json().string("id"))), "not listed");
            String subject = marker("hook");
            expect(cli("send", "--from", "app@" + domain, "--to", "customer@example.org", "--subject", subject,
                    "--text", "hook"), 0);
            String body = bodies.poll(PATIENCE.toSeconds(), TimeUnit.SECONDS);
            check(body != null && body.contains("message.sent"), "no webhook delivery: " + body);
            bodies.clear();
            Cli test = cli(Duration.ofSeconds(60), "webhooks", "test", id, "--timeout", "40s");
            expect(test, 0);
            check(bodies.poll(30, TimeUnit.SECONDS) != null, "webhooks test delivered nothing");
            answer.set(500);
            Cli failing = cli(Duration.ofSeconds(60), "webhooks", "test", id, "--timeout", "40s", "--json");
            expect(failing, 1);
            check(Long.valueOf(500).equals(failing.json().longValue("last_status_code")), "the receiver's 500: " + failing);
            answer.set(204);
            Cli deliveries = cli("webhooks", "deliveries", id, "--json");
            expect(deliveries, 0);
            check(!deliveries.array().isEmpty(), "no deliveries");
            Cli replay = cli("webhooks", "replay", id, "--since", java.time.Instant.now().minusSeconds(600).toString());
            expect(replay, 0);
            expect(cli("webhooks", "replay", id), 2);
        } finally {
            if (id != null) {
                expect(cli("webhooks", "delete", id), 0);
            }
            receiver.stop(0);
        }
    }

    /** {@code mailroom mcp}: initialize, tools/list over stdio; a clean exit at EOF. */
    public void mcpBridgeListsTheApisTools() throws Exception {
        String in = String.join("\n",
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\","
                        + "\"capabilities\":{},\"clientInfo\":{\"name\":\"cli-e2e\",\"version\":\"1\"}}}",
                "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}",
                "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}") + "\n";
        Cli mcp = cli(Map.of(), in, "mcp");
        expect(mcp, 0);
        List<String> lines = mcp.out().lines().toList();
        check(lines.size() == 2, "two answers expected: " + mcp);
        check(JsonObject.parse(lines.get(0)).object("result").has("protocolVersion"), "initialize: " + lines.get(0));
        check(JsonObject.parse(lines.get(1)).object("result").objects("tools").stream()
                .anyMatch(t -> "send_email".equals(t.string("name"))), "no send_email tool: " + lines.get(1));
        Cli refused = cli(Map.of("MAILROOM_API_KEY", "mr_not_a_key"), in, "mcp");
        expect(refused, 0);
        check(refused.out().contains("\"error\"") && refused.out().contains("HTTP 401"), "bad key: " + refused);
    }

    // ---- helpers ----

    private String marker(String what) {
        return "cli " + what + " " + run + " " + Long.toString(System.nanoTime(), 36);
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            throw new AssertionError(what);
        }
    }

    private static void expect(Cli r, int code) {
        check(r.code() == code, "expected exit " + code + ": " + r);
    }

    @FunctionalInterface
    interface Probe<T> {
        T get() throws Exception;
    }

    /** {@code probe} until it answers non-null (every 0.7 s, for {@link #PATIENCE}); else an AssertionError. */
    static <T> T until(String what, Probe<T> probe) throws Exception {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (System.nanoTime() < deadline) {
            T v = probe.get();
            if (v != null) {
                return v;
            }
            Thread.sleep(700);
        }
        throw new AssertionError("not within " + PATIENCE + ": " + what);
    }

    /** The message file of the sink that contains {@code needle}. */
    private String sink(String needle) throws Exception {
        return until(needle + " at the sink " + sinkDir, () -> {
            List<Path> files;
            try (var listing = Files.list(sinkDir)) {
                files = listing.filter(Files::isRegularFile).toList();
            }
            for (Path f : files) {
                String content = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
                if (content.contains(needle)) {
                    return content;
                }
            }
            return null;
        });
    }

    private void swaks(String to, String subject, String body) throws Exception {
        Cli r = process(List.of("swaks", "--server", smtp, "--from", "tester@example.org", "--to", to, "--header",
                "Subject: " + subject, "--body", body, "--timeout", "60"), Map.of(), null, Duration.ofSeconds(90));
        check(r.code() == 0, "swaks to " + to + ": " + r);
    }

    private Cli cli(String... args) throws Exception {
        return cli(Map.of(), null, args);
    }

    private Cli cli(Duration timeout, String... args) throws Exception {
        return process(command(args), Map.of(), null, timeout);
    }

    private Cli cli(Map<String, String> env, String stdin, String... args) throws Exception {
        return process(command(args), env, stdin, Duration.ofSeconds(60));
    }

    private List<String> command(String... args) {
        List<String> c = new ArrayList<>();
        String override = System.getenv("MAILROOM_CLI");
        c.add(override != null ? override : repo().resolve("bin/mailroom").toString());
        c.addAll(List.of(args));
        return c;
    }

    private static Path repo() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isExecutable(p.resolve("bin/mailroom"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new AssertionError("no bin/mailroom above " + Path.of("").toAbsolutePath());
        }
        return p;
    }

    private Map<String, String> environment(Map<String, String> extra) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("MAILROOM_API_URL", baseUrl);
        env.put("MAILROOM_API_KEY", apiKey);
        env.put("XDG_CONFIG_HOME", home.resolve("config").toString()); // never the user's profiles
        env.putAll(extra);
        return env;
    }

    private Cli process(List<String> command, Map<String, String> extra, String stdin, Duration timeout)
            throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().putAll(command.get(0).endsWith("mailroom") ? environment(extra) : extra);
        Path out = Files.createTempFile(home, "out", ".txt");
        Path err = Files.createTempFile(home, "err", ".txt");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        if (stdin == null) {
            pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        }
        Process p = pb.start();
        if (stdin != null) {
            try (var w = p.getOutputStream()) {
                w.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        }
        if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("still running after " + timeout + ": " + command);
        }
        return new Cli(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    /** A {@code tail --json} process whose lines are read as they come. */
    private final class Tail implements AutoCloseable {
        private final Process process;
        private final BlockingQueue<JsonObject> events = new LinkedBlockingQueue<>();

        Tail(List<String> args) throws IOException {
            ProcessBuilder pb = new ProcessBuilder(command(args.toArray(String[]::new)));
            pb.environment().putAll(environment(Map.of()));
            pb.redirectError(ProcessBuilder.Redirect.DISCARD);
            process = pb.start();
            Thread reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = r.readLine()) != null) {
                        events.add(JsonObject.parse(line));
                    }
                } catch (IOException | RuntimeException e) {
                    // the process ended
                }
            }, "tail-reader");
            reader.setDaemon(true);
            reader.start();
        }

        JsonObject next(java.util.function.Predicate<JsonObject> wanted) throws InterruptedException {
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            while (System.nanoTime() < deadline) {
                JsonObject e = events.poll(1, TimeUnit.SECONDS);
                if (e != null && wanted.test(e)) {
                    return e;
                }
            }
            throw new AssertionError("tail showed no such event within " + PATIENCE);
        }

        @Override
        public void close() {
            process.destroy();
        }
    }

    /** Runs every public case (or those named) against the stack of the environment (the dev stack). */
    public static void main(String[] args) throws Exception {
        CliScenario scenario = fromEnvironment();
        List<java.lang.reflect.Method> cases = java.util.Arrays.stream(CliScenario.class.getDeclaredMethods())
                .filter(m -> java.lang.reflect.Modifier.isPublic(m.getModifiers()) && m.getParameterCount() == 0
                        && !java.lang.reflect.Modifier.isStatic(m.getModifiers()) && m.getReturnType() == void.class)
                .filter(m -> args.length == 0 || List.of(args).contains(m.getName()))
                .sorted(java.util.Comparator.comparing(java.lang.reflect.Method::getName)).toList();
        List<String> failures = new ArrayList<>();
        for (java.lang.reflect.Method m : cases) {
            long t0 = System.nanoTime();
            String outcome;
            try {
                m.invoke(scenario);
                outcome = "ok  ";
            } catch (java.lang.reflect.InvocationTargetException e) {
                failures.add(m.getName() + ": " + e.getCause().getMessage());
                outcome = "FAIL";
            }
            System.out.println(outcome + " " + m.getName() + " " + (System.nanoTime() - t0) / 1_000_000 + " ms");
        }
        failures.forEach(f -> System.out.println("\n" + f));
        System.exit(failures.isEmpty() ? 0 : 1);
    }
}
