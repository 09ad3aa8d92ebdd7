package dev.mailroom.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import java.util.stream.Stream;

import com.sun.net.httpserver.HttpServer;

import dev.mailroom.sdk.AgentAnswer;
import dev.mailroom.sdk.AgentDefinition;
import dev.mailroom.sdk.AgentWebhooks;
import dev.mailroom.sdk.ApiException;
import dev.mailroom.sdk.ApiKey;
import dev.mailroom.sdk.AuthenticationException;
import dev.mailroom.sdk.CreateApiKeyParams;
import dev.mailroom.sdk.Draft;
import dev.mailroom.sdk.DraftApproval;
import dev.mailroom.sdk.JsonObject;
import dev.mailroom.sdk.ListParams;
import dev.mailroom.sdk.Mailroom;
import dev.mailroom.sdk.Page;
import dev.mailroom.sdk.RetryEvent;
import dev.mailroom.sdk.SendAccepted;
import dev.mailroom.sdk.SendParams;
import dev.mailroom.sdk.WaitParams;
import dev.mailroom.sdk.WaitedMessage;
import dev.mailroom.sdk.Webhook;
import dev.mailroom.sdk.WebhookParams;
import dev.mailroom.sdk.WebhookVerificationException;
import dev.mailroom.sdk.Webhooks;

/**
 * The Java SDK's live cases (issue 19), against a running stack: one public method per case, each throwing an
 * {@link AssertionError} naming what went wrong. Built from the values of the environment the SDK suites share
 * ({@code MAILROOM_BASE_URL}, {@code MAILROOM_API_KEY} — an admin key —, {@code MAILROOM_SMTP} ingress
 * {@code host:port}, {@code MAILROOM_SINK_DIR} the smarthost's dump folder, {@code MAILROOM_DOMAIN} the agents'
 * domain, {@code MAILROOM_RUN} a unique token put in instance names and subjects so parallel runs never meet);
 * {@link #fromEnvironment()} reads them. Uses only the SDK, the JDK (a few SMTP lines, {@code HttpServer}) and the
 * sink folder.
 */
public final class JavaSdkScenario {

    private static final Duration PATIENCE = Duration.ofSeconds(90);
    private static final String LANG = "java";

    private final String baseUrl;
    private final String apiKey;
    private final String smtpHost;
    private final int smtpPort;
    private final Path sinkDir;
    private final String domain;
    private final String run;
    private final Mailroom mr;

    public JavaSdkScenario(String baseUrl, String apiKey, String smtp, Path sinkDir, String domain, String run) {
        this.baseUrl = baseUrl;
        this.apiKey = apiKey;
        int colon = smtp.lastIndexOf(':');
        this.smtpHost = smtp.substring(0, colon);
        this.smtpPort = Integer.parseInt(smtp.substring(colon + 1));
        this.sinkDir = sinkDir;
        this.domain = domain;
        this.run = run.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
        this.mr = Mailroom.builder().apiKey(apiKey).baseUrl(baseUrl).build();
    }

    /** From the environment variables above (for running the cases against a dev stack). */
    public static JavaSdkScenario fromEnvironment() {
        Map<String, String> env = System.getenv();
        return new JavaSdkScenario(env.get("MAILROOM_BASE_URL"), env.get("MAILROOM_API_KEY"), env.get("MAILROOM_SMTP"),
                Path.of(env.get("MAILROOM_SINK_DIR")), env.getOrDefault("MAILROOM_DOMAIN", "agents.localhost"),
                env.getOrDefault("MAILROOM_RUN", "run" + System.currentTimeMillis()));
    }

    private String marker(String what) {
        return "java-sdk " + what + " " + run + " " + Long.toString(System.nanoTime(), 36);
    }

    /** Send → {@code emails().get(id).status()} reaches {@code delivered} and the sink has the message. */
    public void sendIsDelivered() throws Exception {
        String subject = marker("send");
        SendAccepted sent = mr.emails().send(SendParams.builder().from("app@" + domain).to("customer@example.org")
                .subject(subject).text("hello from the Java SDK").build());
        check(sent.id() != null && !sent.id().isEmpty(), "send answered no id");
        // "delivered": the recipient's server took it; "sent": relayed to the smarthost (bin/mailroom up's
        // smtp-sink), the end of the road the stack can see
        String status = until("status delivered (or sent, relayed) of " + sent.id(), () -> {
            String s = mr.emails().get(sent.id()).status();
            return "delivered".equals(s) || "sent".equals(s) ? s : null;
        });
        check(mr.emails().get(sent.id()).attempts().stream().anyMatch(a -> a.reply() != null
                && a.reply().startsWith("250")), "no attempt answered 250 (status " + status + ")");
        String message = sinkMessage("Subject: " + subject);
        check(message.contains("hello from the Java SDK"), "the sink's copy lacks the text: " + message);
    }

    /** SMTP to the echo agent → {@code waitForReply(..., direction out)} returns its answer {@code Re: ...}. */
    public void echoAnswerArrivesThroughWaitForReply() throws Exception {
        String instance = run + "-" + LANG;
        String subject = marker("echo");
        smtp("echo+" + instance + "@" + domain, subject, "ping from the Java SDK");
        long after = 0;
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<WaitedMessage> m = mr.agents().waitForReply("Echo", instance,
                    WaitParams.timeout(Duration.ofSeconds(30)).after(after).direction("out"));
            if (m.isEmpty()) {
                continue;
            }
            if (("Re: " + subject).equals(m.get().subject())) {
                check("out".equals(m.get().direction()), "direction " + m.get().direction());
                check(m.get().threadId() != null, "the answer has no thread id");
                check(m.get().seq() > 0, "seq " + m.get().seq());
                return;
            }
            after = m.get().seq();
        }
        throw new AssertionError("no answer 'Re: " + subject + "' from Echo/" + instance + " within " + PATIENCE);
    }

    /** SMTP to the Drafter → its draft is listed, approved with an edited text, and the sink gets that text. */
    public void drafterDraftApprovedWithAnEdit() throws Exception {
        String instance = run + "-" + LANG;
        String subject = marker("drafter");
        smtp("drafter+" + instance + "@" + domain, subject, "please draft an answer");
        Draft draft = until("a pending Drafter draft for " + instance, () -> mr.drafts()
                .list(ListParams.create().className("Drafter").instance(instance).status("pending")).stream()
                .filter(d -> String.valueOf(d.request().string("subject")).contains(subject)).findFirst()
                .orElse(null));
        String edited = "edited by the Java SDK " + Long.toString(System.nanoTime(), 36);
        mr.drafts().approve(draft.id(), DraftApproval.text(edited));
        Draft after = mr.drafts().get(draft.id());
        check("approved".equals(after.status()), "draft status " + after.status());
        String message = sinkMessage(edited);
        check(message.contains(subject), "the approved message at the sink is not about '" + subject + "': "
                + message);
    }

    /** A real event webhook delivery verifies with {@code Webhooks.verify}; the same body tampered is refused. */
    public void eventWebhookVerified() throws Exception {
        List<byte[]> bodies = new CopyOnWriteArrayList<>();
        List<Map<String, List<String>>> headers = new CopyOnWriteArrayList<>();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/events", exchange -> {
            try (exchange) {
                bodies.add(exchange.getRequestBody().readAllBytes());
                headers.add(Map.copyOf(exchange.getRequestHeaders()));
                exchange.sendResponseHeaders(204, -1);
            }
        });
        server.start();
        Webhook hook = null;
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/events";
            hook = mr.webhooks().create(WebhookParams.create(url, "message.sent", "message.delivered")
                    .withDomain(domain).withDescription("java sdk " + run));
            check(hook.secret() != null && hook.secret().startsWith("whsec_"), "no whsec_ secret: " + hook.json());
            String secret = hook.secret();
            SendAccepted sent = mr.emails().send(SendParams.builder().from("app@" + domain).to("customer@example.org")
                    .subject(marker("webhook")).text("an event").build());
            int index = until("a webhook delivery about " + sent.id(), () -> {
                for (int i = 0; i < bodies.size(); i++) {
                    if (new String(bodies.get(i), StandardCharsets.UTF_8).contains(sent.id())) {
                        return i;
                    }
                }
                return null;
            });
            byte[] body = bodies.get(index);
            JsonObject event = Webhooks.verify(body, headers.get(index), secret);
            check(event.string("type").startsWith("message."), "type " + event.string("type"));
            byte[] tampered = new String(body, StandardCharsets.UTF_8).replace(sent.id(), sent.id() + "x")
                    .getBytes(StandardCharsets.UTF_8);
            try {
                Webhooks.verify(tampered, headers.get(index), secret);
                throw new AssertionError("a tampered body verified");
            } catch (WebhookVerificationException expected) {
                check("no-matching-signature".equals(expected.reason()), "reason " + expected.reason());
            }
            try {
                Webhooks.verify(body, headers.get(index), "whsec_" + java.util.Base64.getEncoder()
                        .encodeToString(new byte[32]));
                throw new AssertionError("a wrong secret verified");
            } catch (WebhookVerificationException expected) {
                // refused
            }
        } finally {
            server.stop(0);
            if (hook != null) {
                mr.webhooks().delete(hook.id());
            }
        }
    }

    /** The example agent: a webhook class served by the SDK's handler answers mail; its reply reaches the sink. */
    public void webhookAgentAnswers() throws Exception {
        String name = "JavaEcho" + run.replace("-", "");
        String address = "javaecho-" + run;
        String secret = "java-sdk-secret-" + Long.toString(System.nanoTime(), 36);
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/agent", AgentWebhooks.httpHandler(secret, event -> event.isEmail()
                ? AgentAnswer.create().reply("java webhook echo: " + event.text().strip()).state(Map.of("seen", 1))
                : null));
        server.start();
        boolean created = false;
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/agent";
            JsonObject agent = mr.agents().create(AgentDefinition.webhook(name, url, secret).withAddresses(address)
                    .withTimeout(Duration.ofSeconds(10)));
            created = true;
            check("webhook".equals(agent.string("kind")), "kind " + agent);
            String subject = marker("webhook-agent");
            String to = address + "+t1@" + domain;
            // the registry reaches ingress within seconds: until then RCPT refuses the address
            until("RCPT accepting " + to, () -> {
                try {
                    smtp(to, subject, "ping the webhook agent");
                    return Boolean.TRUE;
                } catch (SmtpRefused e) {
                    return null;
                }
            });
            String reply = sinkMessage("Subject: Re: " + subject);
            check(reply.contains("java webhook echo: ping the webhook agent"), "the reply's text: " + reply);
        } finally {
            server.stop(0);
            if (created) {
                mr.agents().delete(name);
            }
        }
    }

    /** {@code apiKeys().list()} with {@code limit 1} walks more than one page. */
    public void listsPageOverMoreThanOnePage() throws Exception {
        // two keys of this run, so there are at least two items whatever else the store holds
        ApiKey extra = mr.apiKeys().create(CreateApiKeyParams.named("java-sdk-page-" + run).withPermissions("read")
                .withDomains(domain));
        ApiKey other = mr.apiKeys().create(CreateApiKeyParams.named("java-sdk-page2-" + run).withPermissions("read")
                .withDomains(domain));
        try {
            Page<ApiKey> first = mr.apiKeys().list(ListParams.create().limit(1)).firstPage();
            check(first.items().size() == 1, "limit 1 gave " + first.items().size());
            check(first.next().isPresent(), "a first page of 1 with no next_page_token");
            Set<String> ids = new HashSet<>();
            mr.apiKeys().list(ListParams.create().limit(1)).forEach(k -> ids.add(k.id()));
            check(ids.size() >= 2, "the pages gave " + ids);
            check(ids.contains(extra.id()) && ids.contains(other.id()), "the pages miss the keys just created");
        } finally {
            mr.apiKeys().revoke(extra.id());
            mr.apiKeys().revoke(other.id());
        }
    }

    /** A key limited to one request a minute: the second GET is answered 429 and succeeds after the retry. */
    public void rateLimitedCallIsRetried() throws Exception {
        ApiKey limited = mr.apiKeys().create(CreateApiKeyParams.named("java-sdk-rate-" + run)
                .withPermissions("read").withDomains(domain).withRatePerMinute(1));
        try {
            List<RetryEvent> retries = new CopyOnWriteArrayList<>();
            Mailroom slow = Mailroom.builder().apiKey(limited.token()).baseUrl(baseUrl).maxRetries(2)
                    .maxRetryDelay(Duration.ofSeconds(70)).onRetry(retries::add).build();
            // a new key reaches the api's verifier within moments (a compacted topic): until then it is unknown (401,
            // not counted against its rate); the first call it makes is the one of its minute
            until("the new key accepted", () -> {
                try {
                    return slow.mailboxes().list(ListParams.create().limit(1)).firstPage();
                } catch (AuthenticationException notYet) {
                    return null;
                }
            });
            check(retries.isEmpty(), "the first call was retried: " + retries);
            slow.mailboxes().list(ListParams.create().limit(1)).firstPage();
            check(!retries.isEmpty(), "the second call within the minute was not refused");
            RetryEvent e = retries.get(0);
            check(e.status() == 429, "retried after HTTP " + e.status());
            check(e.cause() instanceof ApiException a && a.retryAfter().isPresent(),
                    "the 429 had no Retry-After: " + e.cause());
        } finally {
            mr.apiKeys().revoke(limited.id());
        }
    }

    // --- helpers -------------------------------------------------------------------------------------------------

    private static void check(boolean ok, String what) {
        if (!ok) {
            throw new AssertionError(what);
        }
    }

    /** Polls {@code probe} until it gives a value (null: not yet), up to {@link #PATIENCE}. */
    private static <T> T until(String what, Supplier<T> probe) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        RuntimeException last = null;
        while (System.nanoTime() < deadline) {
            try {
                T v = probe.get();
                if (v != null) {
                    return v;
                }
            } catch (RuntimeException e) {
                last = e;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("not within " + PATIENCE + ": " + what + (last == null ? "" : " (last error: "
                + last + ")"));
    }

    /** The sink's message containing {@code needle} (waiting for it). */
    private String sinkMessage(String needle) throws InterruptedException {
        return until("a message containing '" + needle + "' in " + sinkDir, () -> {
            try (Stream<Path> files = Files.list(sinkDir)) {
                for (Path f : files.toList()) {
                    String text = Files.readString(f, StandardCharsets.ISO_8859_1);
                    if (text.contains(needle)) {
                        return text;
                    }
                }
                return null;
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    /** An SMTP answer that was not the one expected. */
    static final class SmtpRefused extends RuntimeException {
        private static final long serialVersionUID = 1L;

        SmtpRefused(String message) {
            super(message);
        }
    }

    /** One message over plain SMTP to ingress. */
    private void smtp(String to, String subject, String text) {
        try (Socket socket = new Socket(smtpHost, smtpPort)) {
            socket.setSoTimeout(60_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.US_ASCII));
            OutputStream out = socket.getOutputStream();
            expect(in, "220");
            command(out, in, "EHLO java-sdk.example.org", "250");
            command(out, in, "MAIL FROM:<tester@example.org>", "250");
            command(out, in, "RCPT TO:<" + to + ">", "250");
            command(out, in, "DATA", "354");
            String id = Long.toString(System.nanoTime(), 36) + "@java-sdk.example.org";
            List<String> lines = new ArrayList<>(List.of("From: Tester <tester@example.org>", "To: <" + to + ">",
                    "Subject: " + subject, "Message-ID: <" + id + ">", "Date: " + java.time.format.DateTimeFormatter
                            .RFC_1123_DATE_TIME.format(java.time.ZonedDateTime.now()),
                    "MIME-Version: 1.0", "Content-Type: text/plain; charset=utf-8", "", text, "."));
            command(out, in, String.join("\r\n", lines), "250");
            command(out, in, "QUIT", "221");
        } catch (IOException e) {
            throw new AssertionError("SMTP to " + smtpHost + ":" + smtpPort + " failed: " + e, e);
        }
    }

    private static void command(OutputStream out, BufferedReader in, String line, String code) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
        expect(in, code);
    }

    private static void expect(BufferedReader in, String code) throws IOException {
        String line;
        StringBuilder all = new StringBuilder();
        do {
            line = in.readLine();
            if (line == null) {
                throw new SmtpRefused("connection closed, expected " + code + " after " + all);
            }
            all.append(line).append('\n');
        } while (line.length() > 3 && line.charAt(3) == '-');
        if (!line.startsWith(code)) {
            throw new SmtpRefused("expected " + code + ", got " + all.toString().strip());
        }
    }

    /** Runs every case against the stack of the environment (the dev stack): {@code main} for manual runs. */
    public static void main(String[] args) throws Exception {
        JavaSdkScenario s = fromEnvironment();
        Map<String, ThrowingRunnable> cases = new java.util.LinkedHashMap<>();
        cases.put("sendIsDelivered", s::sendIsDelivered);
        cases.put("echoAnswerArrivesThroughWaitForReply", s::echoAnswerArrivesThroughWaitForReply);
        cases.put("drafterDraftApprovedWithAnEdit", s::drafterDraftApprovedWithAnEdit);
        cases.put("eventWebhookVerified", s::eventWebhookVerified);
        cases.put("webhookAgentAnswers", s::webhookAgentAnswers);
        cases.put("listsPageOverMoreThanOnePage", s::listsPageOverMoreThanOnePage);
        cases.put("rateLimitedCallIsRetried", s::rateLimitedCallIsRetried);
        int failed = 0;
        for (Map.Entry<String, ThrowingRunnable> c : cases.entrySet()) {
            if (args.length > 0 && !List.of(args).contains(c.getKey())) {
                continue;
            }
            long start = System.nanoTime();
            try {
                c.getValue().run();
                System.out.printf("ok   %s (%d ms)%n", c.getKey(), (System.nanoTime() - start) / 1_000_000);
            } catch (Throwable t) {
                failed++;
                System.out.printf("FAIL %s: %s%n", c.getKey(), t);
            }
        }
        System.exit(failed == 0 ? 0 : 1);
    }

    @FunctionalInterface
    interface ThrowingRunnable {
        void run() throws Exception;
    }
}
