package dev.mailroom.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The whole pipeline, as a user meets it: {@code bin/mailroom up}, mail from {@code swaks} to the echo agent, the
 * reply at a real SMTP sink, state that survives a restart, and {@code bin/mailroom down} leaving nothing behind.
 *
 * <p>Needs {@code swaks} and Postfix's {@code smtp-sink} ({@code apt-get install swaks postfix}). Without them the
 * test is skipped, unless {@code MAILROOM_E2E_REQUIRED=1} (set by {@code .ci/run}), when it fails.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EchoEndToEndIT {

    private static final Duration UP_TIMEOUT = Duration.ofMinutes(6);
    private static final Duration REPLY_TIMEOUT = Duration.ofSeconds(60);

    private static Path work;
    private static SmtpSink sink;
    private static Stack stack;
    private static OtlpReceiver otlp;
    private static InboxBrowserScenario inbox;
    private static SdkScenario sdks;
    private static CliScenario cli;
    private static McpScenario mcp;

    @BeforeAll
    static void up() throws Exception {
        Stack.assumeTools();
        work = Files.createTempDirectory("mailroom-e2e-");
        sink = new SmtpSink(work.resolve("sink"));
        stack = new Stack(Stack.root(), work.resolve("state"), "127.0.0.1:" + sink.port);
        // spans exported to a receiver of our own (ADR 0027: recorded and exported only when an endpoint is set)
        otlp = new OtlpReceiver();
        stack.env.put("MAILROOM_OTLP_ENDPOINT", otlp.endpoint());
        stack.env.put("QUARKUS_OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", "http/protobuf");
        stack.env.put("QUARKUS_OTEL_BSP_SCHEDULE_DELAY", "200ms");
        Stack.Result up = stack.mailroom(UP_TIMEOUT, "up");
        assertEquals(0, up.exitCode(), "bin/mailroom up failed:\n" + up.output());
    }

    @AfterAll
    static void down() throws Exception {
        if (inbox != null) {
            inbox.close();
        }
        if (mcp != null) {
            mcp.close();
        }
        if (stack != null) {
            Stack.Result down = stack.mailroom(Duration.ofMinutes(2), "down");
            if (down.exitCode() != 0) {
                System.err.println("bin/mailroom down failed:\n" + down.output());
            }
        }
        if (sink != null) {
            sink.close();
        }
        if (otlp != null) {
            otlp.close();
        }
    }

    @Test
    @Order(1)
    void echoAnswersEachInstanceWithItsOwnCount() throws Exception {
        Map<String, String> first = sendAndAwaitReply("echo+t1@agents.localhost", "first");
        assertEquals("Re: first", first.get("Subject"));
        assertEquals("echo+t1@agents.localhost", address(first.get("From")));
        assertEquals("tester@example.org", address(first.get("To")));
        assertEquals("<first@e2e.example>", first.get("In-Reply-To"));
        assertEquals("<first@e2e.example>", first.get("References"));
        assertTrue(first.get("Message-ID").matches("<mr1\\.[a-z0-9.]+@agents\\.localhost>"),
                "a signed reply token: " + first.get("Message-ID"));
        assertTrue(first.get("body").contains("instance=t1 count=1"), first.get("body"));

        assertTrue(sendAndAwaitReply("echo+t1@agents.localhost", "second").get("body")
                .contains("instance=t1 count=2"));
        assertTrue(sendAndAwaitReply("echo+t2@agents.localhost", "third").get("body")
                .contains("instance=t2 count=1"));
    }

    @Test
    @Order(1)
    void oneMessagesTraceIdAppearsOnEveryHopsRecordsAndSpans() throws Exception {
        String id = "traced-" + System.nanoTime();
        Stack.Result sent = swaks("echo+trace@agents.localhost", id);
        assertEquals(0, sent.exitCode(), sent.output());
        Matcher queued = Pattern.compile("250 2\\.0\\.0 Ok: queued as (\\S+)").matcher(sent.output());
        assertTrue(queued.find(), sent.output());
        String inboundId = queued.group(1);
        String marker = "In-Reply-To: <" + id + "@e2e.example>";
        await().atMost(REPLY_TIMEOUT).until(() -> sink.messages().stream().anyMatch(m -> m.contains(marker)));

        String kafka = "127.0.0.1:" + stack.env.get("MAILROOM_KAFKA_PORT");
        String traceId = TopicReader.traceIdOf(kafka, "mailroom.inbound.received",
                r -> inboundId.equals(r.key()));
        assertTrue(traceId != null, "the raw record carries a traceparent");
        String routedId = inboundId + ".0";
        assertEquals(traceId, TopicReader.traceIdOf(kafka, "mailroom.inbound.routed",
                r -> new String(r.value(), java.nio.charset.StandardCharsets.UTF_8).contains("\"" + routedId + "\"")),
                "the routed record is in the message's trace");
        assertEquals(traceId, TopicReader.traceIdOf(kafka, "mailroom.outbound.requested",
                r -> new String(r.value(), java.nio.charset.StandardCharsets.UTF_8)
                        .contains("\"causationId\":\"" + routedId + "\"")),
                "the reply's send request is in the message's trace");
        for (String span : List.of("smtp.transaction", "router.route", "agent.call", "egress.spool",
                "egress.delivery")) {
            await().atMost(Duration.ofSeconds(30)).until(() -> otlp.hasSpan(traceId, span));
        }
    }

    @Test
    @Order(2)
    void replyWhoseAddressLostItsPlusTagReachesTheOriginalInstanceButATamperedOneDoesNot() throws Exception {
        Map<String, String> first = sendAndAwaitReply("echo+thread9@agents.localhost", "thread9-start");
        assertTrue(first.get("body").contains("instance=thread9 count=1"), first.get("body"));
        String token = first.get("Message-ID");
        assertTrue(token.startsWith("<mr1."), "agent mail carries a signed reply token: " + token);

        // the human's client answers to the address without its plus-tag, threading to the agent's message
        Map<String, String> answer = sendAndAwaitReply("echo@agents.localhost", "thread9-reply",
                "In-Reply-To: " + token, "References: <thread9-start@e2e.example> " + token);
        assertTrue(answer.get("body").contains("instance=thread9 count=2"), answer.get("body"));

        // one altered character in the MAC: the token is not honoured, the address decides
        int at = token.indexOf('@');
        char last = token.charAt(at - 1);
        String tampered = token.substring(0, at - 1) + (last == 'a' ? 'b' : 'a') + token.substring(at);
        Map<String, String> forged = sendAndAwaitReply("echo@agents.localhost", "thread9-forged",
                "In-Reply-To: " + tampered);
        assertTrue(forged.get("body").contains("instance=echo count="), forged.get("body"));
    }

    @Test
    @Order(2)
    void aWebhookClassCreatedThroughTheApiAnswersSmtpMailAndIsRefusedOnceDeleted() throws Exception {
        new AgentRegistryScenario(stack, sink).run();
    }

    @Test
    @Order(2)
    void theOfficialCloudflareSdkSendsThroughTheApiToTheSmarthost() throws Exception {
        new CloudflareSdkScenario(stack, sink, work).run();
    }

    @Test
    @Order(2)
    void mailWithAttachmentsIsKeptReadableSearchableAndAnsweredThroughTheApi() throws Exception {
        MailboxScenario mailboxes = new MailboxScenario(stack, sink, work);
        mailboxes.run();
        mailboxes.draftsShowInline();
    }

    // ---- the inbox web app in a real browser (issue 18): InboxBrowserScenario, one Chromium for all ----

    @Test
    @Order(2)
    void inboxIsServedWithAStrictCspAndSecurityHeadersItObeys() throws Exception {
        inbox().appIsServedWithAStrictCspAndSecurityHeadersItObeys();
    }

    @Test
    @Order(2)
    void inboxSignsInWithTheApiKeyRefusesAWrongOneAndSignOutEndsTheSession() throws Exception {
        inbox().signsInWithTheApiKeyRefusesAWrongOneAndSignOutEndsTheSession();
    }

    @Test
    @Order(2)
    void inboxShowsMailSentBySmtpLiveInTheThreadListAndOpensIt() throws Exception {
        inbox().mailSentBySmtpAppearsLiveInTheThreadListAndOpens();
    }

    @Test
    @Order(2)
    void inboxShowsTheDrafterDraftWithItsReasonAndApproveSendsItToTheSink() throws Exception {
        inbox().drafterDraftShowsItsReasonAndApproveSendsItToTheSink();
    }

    @Test
    @Order(2)
    void inboxReplyWithAnUploadedAttachmentArrivesWithTheBytesIntact() throws Exception {
        inbox().replyWithAnUploadedAttachmentArrivesWithTheBytesIntact();
    }

    @Test
    @Order(2)
    void inboxSearchFindsAMessageByTheTextOfItsPdfAndMarksTheMatch() throws Exception {
        inbox().searchFindsAMessageByTheTextOfItsPdfAndMarksTheMatch();
    }

    @Test
    @Order(2)
    void inboxHostileHtmlRunsNothingAndLoadsNothingUntilImagesAreAllowed() throws Exception {
        inbox().hostileHtmlRunsNothingAndLoadsNothingUntilImagesAreAllowed();
    }

    @Test
    @Order(2)
    void inboxKeyScopedToOneDomainSeesNeitherTheOtherDomainsMailboxesNorItsThreads() throws Exception {
        inbox().keyScopedToOneDomainSeesNeitherTheOtherDomainsMailboxesNorItsThreads();
    }

    @Test
    @Order(2)
    void inboxAtPhoneWidthStacksListAndReaderWithABackButton() throws Exception {
        inbox().phoneWidthStacksListAndReaderWithABackButton();
    }

    @Test
    @Order(2)
    void inboxKeyboardShortcutsOpenHelpMoveThroughThreadsSearchAndReply() throws Exception {
        inbox().keyboardShortcutsOpenHelpMoveThroughThreadsSearchAndReply();
    }

    /** The browser scenario on this stack (skipped without chromium unless MAILROOM_E2E_REQUIRED=1). */
    private static InboxBrowserScenario inbox() {
        Chromium.assumeInstalled();
        if (inbox == null) {
            inbox = new InboxBrowserScenario(stack, sink, work);
        }
        return inbox;
    }

    // ---- the SDKs (issue 19): SdkScenario runs the four live suites and README quickstarts in parallel ----

    @Test
    @Order(2)
    void sdkTypeScriptPassesItsLiveSuiteAndItsReadmeQuickstart() throws Exception {
        sdks().assertPassed("typescript");
    }

    @Test
    @Order(2)
    void sdkPythonPassesItsLiveSuiteAndItsReadmeQuickstart() throws Exception {
        sdks().assertPassed("python");
    }

    @Test
    @Order(2)
    void sdkGoPassesItsLiveSuiteAndItsReadmeQuickstart() throws Exception {
        sdks().assertPassed("go");
    }

    @Test
    @Order(2)
    void sdkJavaPassesItsLiveSuiteAndItsReadmeQuickstart() throws Exception {
        sdks().assertPassed("java");
    }

    /** The SDK scenario on this stack: started (all four SDKs at once) by the first sdk* test. */
    private static synchronized SdkScenario sdks() {
        if (sdks == null) {
            sdks = new SdkScenario(stack, sink, work);
        }
        return sdks;
    }

    // ---- the CLI (issue 20): CliScenario runs `bin/mailroom <command>` as processes on this stack ----

    @Test
    @Order(2)
    void cliHelpCompletionAndUsageErrors() throws Exception {
        cli().helpCompletionAndUsageErrors();
    }

    @Test
    @Order(2)
    void cliErrorsExitWithTheirCodes() throws Exception {
        cli().errorsExitWithTheirCodes();
    }

    @Test
    @Order(2)
    void cliSendWithAttachmentArrivesAtTheSink() throws Exception {
        cli().sendWithAttachmentArrivesAtTheSink();
    }

    @Test
    @Order(2)
    void cliSendRawArrivesAtTheSink() throws Exception {
        cli().sendRawArrivesAtTheSink();
    }

    @Test
    @Order(2)
    void cliWaitReturnsTheEchoAnswerAndStateShowsIt() throws Exception {
        cli().waitReturnsTheEchoAnswerAndStateShowsIt();
    }

    @Test
    @Order(2)
    void cliDraftApprovedWithAnEditArrivesAtTheSink() throws Exception {
        cli().draftApprovedWithAnEditArrivesAtTheSink();
    }

    @Test
    @Order(2)
    void cliTailShowsTheEventsOfAMessageAndResumes() throws Exception {
        cli().tailShowsTheEventsOfAMessageAndResumes();
    }

    @Test
    @Order(2)
    void cliThreadsSearchAndReadFindAMessage() throws Exception {
        cli().threadsSearchAndReadFindAMessage();
    }

    @Test
    @Order(2)
    void cliKeysCreateListRevoke() throws Exception {
        cli().keysCreateListRevoke();
    }

    @Test
    @Order(2)
    void cliDomainsLifecycle() throws Exception {
        cli().domainsLifecycle();
    }

    @Test
    @Order(2)
    void cliWebhooksLifecycle() throws Exception {
        cli().webhooksLifecycle();
    }

    @Test
    @Order(2)
    void cliMcpBridgeListsTheApisTools() throws Exception {
        cli().mcpBridgeListsTheApisTools();
    }

    /** The CLI scenario on this stack (one private profile folder for all its cases). */
    private static synchronized CliScenario cli() throws java.io.IOException {
        if (cli == null) {
            cli = new CliScenario("http://127.0.0.1:" + stack.env.get("MAILROOM_HTTP_PORT"), stack.bootstrapKey(),
                    "127.0.0.1:" + stack.smtpPort, sink.dump, "agents.localhost",
                    "cli" + Long.toString(System.currentTimeMillis(), 36));
        }
        return cli;
    }

    // ---- MCP (issue 20): McpScenario, the official SDK client over /mcp (HTTP) and `bin/mailroom mcp` (stdio) ----

    @Test
    @Order(2)
    void mcpListsTheReadmesToolsWithTheirSchemasAndAnnotationsOverHttpAndStdio() throws Exception {
        mcp().toolsAreListedAsTheApiReadmeDocumentsThem();
    }

    @Test
    @Order(2)
    void mcpWaitForReplyReturnsTheEchoAgentsAnswerToSmtpMail() throws Exception {
        mcp().echoAnswerArrivesThroughWaitForReply();
    }

    @Test
    @Order(2)
    void mcpSendEmailWithACopyAndAFileArrivesAtTheSink() throws Exception {
        mcp().sendEmailArrivesAtTheSink();
    }

    @Test
    @Order(2)
    void mcpDrafterDraftApprovedWithAnEditArrivesAtTheSink() throws Exception {
        mcp().drafterDraftApprovedWithAnEditArrivesAtTheSink();
    }

    @Test
    @Order(2)
    void mcpKeyScopedToOneDomainCannotReadAnotherDomainsMailThroughAnyTool() throws Exception {
        mcp().keyScopedToOneDomainCannotReadAnothersMail();
    }

    @Test
    @Order(2)
    void mcpKeyScopedToOneDomainCannotReadAnotherDomainsAgentInstances() throws Exception {
        mcp().keyScopedToOneDomainCannotReadAnotherDomainsAgentInstances();
    }

    /** The MCP scenario on this stack (its sessions stay open for all mcp* tests; closed after the class). */
    private static synchronized McpScenario mcp() throws java.io.IOException {
        if (mcp == null) {
            mcp = new McpScenario(stack, sink, work);
        }
        return mcp;
    }

    @Test
    @Order(2)
    void relayAttemptIsRefusedAtRcpt() throws Exception {
        Stack.Result r = swaks("victim@example.com", "relay");
        assertFalse(r.exitCode() == 0, r.output());
        assertTrue(r.output().contains("550 5.7.1"), r.output());
    }

    @Test
    @Order(3)
    void countSurvivesARestartOfTheWholeStack() throws Exception {
        List<Long> pids = pids();
        assertEquals(8, pids.size(), "kafka, postgres and six services run");
        Stack.Result down = stack.mailroom(Duration.ofMinutes(2), "down");
        assertEquals(0, down.exitCode(), down.output());
        for (long pid : pids) {
            assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false),
                    "process " + pid + " still alive after down");
        }
        Stack.Result status = stack.mailroom(Duration.ofSeconds(60), "status", "--json");
        assertTrue(pids().isEmpty(), "status after down: " + status.output());

        Stack.Result up = stack.mailroom(UP_TIMEOUT, "up");
        assertEquals(0, up.exitCode(), up.output());
        assertTrue(sendAndAwaitReply("echo+t1@agents.localhost", "after-restart").get("body")
                .contains("instance=t1 count=3"));
    }

    @Test
    @Order(4)
    void upAgainStartsNothingNew() throws Exception {
        List<Long> before = pids();
        Stack.Result up = stack.mailroom(UP_TIMEOUT, "up");
        assertEquals(0, up.exitCode(), up.output());
        assertEquals(before, pids());
    }

    @Test
    @Order(5)
    void cliSendGoesThroughTheRestApiToTheSmarthost() throws Exception {
        String marker = "cli-" + System.nanoTime();
        Stack.Result sent = stack.mailroom(Duration.ofSeconds(90), "send", "--from", "App <app@agents.localhost>",
                "--to", "someone@example.org", "--subject", marker, "--text", "hello from " + marker,
                "--wait", "60");
        assertEquals(0, sent.exitCode(), sent.output());
        assertTrue(sent.output().contains("\"status\": \"sent\""), sent.output());
        await().atMost(REPLY_TIMEOUT).until(() -> sink.messages().stream().anyMatch(m -> m.contains(marker)));

        Stack.Result refused = stack.mailroom(Duration.ofSeconds(60), "send", "--from", "app@agents.localhost",
                "--to", "not an address", "--text", "x");
        assertEquals(1, refused.exitCode(), refused.output());
        assertTrue(refused.output().contains("\"field\": \"to[0]\""), refused.output());
    }

    @Test
    @Order(5)
    void applicationSubmitsOverSmtpWithAnApiKeyAndTheMailGoesOutAsSent() throws Exception {
        String marker = "submitted-" + System.nanoTime();
        List<String> command = List.of("swaks", "--server", "127.0.0.1:" + stack.env.get("MAILROOM_SMTP_SUBMISSION_PORT"),
                "--tls", "--auth", "PLAIN", "--auth-user", "app", "--auth-password", bootstrapKey(),
                "--from", "app@agents.localhost", "--to", "customer@example.org", "--header", "Subject: " + marker,
                "--body", "hello from " + marker, "--timeout", "60");
        Stack.Result sent = Stack.run(command, Map.of(), Duration.ofSeconds(90));
        assertEquals(0, sent.exitCode(), sent.output());
        Matcher id = Pattern.compile("250 2\\.0\\.0 Ok: queued as (\\S+)").matcher(sent.output());
        assertTrue(id.find(), sent.output());
        await().atMost(REPLY_TIMEOUT).until(() -> sink.messages().stream().anyMatch(m -> m.contains(marker)));
        await().atMost(REPLY_TIMEOUT).until(() -> status(id.group(1)).contains("\"status\":\"sent\""));
        assertEquals(1, sink.messages().stream().filter(m -> m.contains("Subject: " + marker)).count());

        List<String> wrongKey = new ArrayList<>(command);
        wrongKey.set(wrongKey.indexOf(bootstrapKey()), "mr_nosuchkey_0123456789");
        Stack.Result refused = Stack.run(wrongKey, Map.of(), Duration.ofSeconds(90));
        assertTrue(refused.output().contains("535 5.7.8"), refused.output());
    }

    /**
     * A DSN (RFC 3464) for one of our sends, sent to an agent address from the null sender: the router publishes it
     * as a DsnReport on mailroom.inbound.dsn, egress-sender (which no longer reads the raw topic) bounces the
     * recipient, and the agent, which also gets the DSN, does not answer it (ADR 0026).
     */
    @Test
    @Order(5)
    void dsnForASendGoesThroughTheRouterToEgressAndBouncesTheRecipient() throws Exception {
        String marker = "dsn-" + System.nanoTime();
        String id = cliSend("gone@example.org", marker);
        await().atMost(REPLY_TIMEOUT).until(() -> status(id).contains("\"status\":\"sent\""));

        String dsnId = marker + ".report@relay.e2e.example";
        Path dsn = work.resolve(marker + ".eml");
        Files.writeString(dsn, "From: Mail Delivery System <MAILER-DAEMON@relay.e2e.example>\r\n"
                + "To: echo+dsn@agents.localhost\r\nSubject: Undelivered Mail Returned to Sender\r\n"
                + "Message-Id: <" + dsnId + ">\r\nAuto-Submitted: auto-replied\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: multipart/report; report-type=delivery-status; boundary=\"b\"\r\n\r\n"
                + "--b\r\nContent-Type: text/plain\r\n\r\nYour message could not be delivered.\r\n"
                + "--b\r\nContent-Type: message/delivery-status\r\n\r\n"
                + "Reporting-MTA: dns; relay.e2e.example\r\nOriginal-Envelope-Id: " + id + "\r\n\r\n"
                + "Final-Recipient: rfc822; gone@example.org\r\nAction: failed\r\nStatus: 5.1.1\r\n"
                + "Remote-MTA: dns; mx.example.org\r\n"
                + "Diagnostic-Code: smtp; 550 5.1.1 <gone@example.org>: User unknown\r\n\r\n--b--\r\n");
        // the null sender, as a relay returns mail (swaks sends "<>" as MAIL FROM:<>)
        Stack.Result returned = Stack.run(List.of("swaks", "--server", "127.0.0.1:" + stack.smtpPort, "--from", "<>",
                "--to", "echo+dsn@agents.localhost", "--data", "@" + dsn, "--timeout", "60"), Map.of(),
                Duration.ofSeconds(90));
        assertEquals(0, returned.exitCode(), returned.output());
        await().atMost(REPLY_TIMEOUT).pollInterval(Duration.ofSeconds(1))
                .until(() -> status(id).contains("\"status\":\"bounced\""));
        String view = status(id);
        assertTrue(view.contains("5.1.1 smtp; 550 5.1.1"), view);
        Thread.sleep(3_000); // a reply would have come by now: agents never answer automatic mail
        assertTrue(sink.messages().stream().noneMatch(m -> m.contains("In-Reply-To: <" + dsnId + ">")),
                "the echo agent answered a DSN");
    }

    @Test
    @Order(6)
    void deferredMailSurvivesARestartAndGoesOutWhenTheSmarthostIsBack() throws Exception {
        sink.close();
        String marker = "deferred-" + System.nanoTime();
        String id = cliSend("later@example.org", marker);
        await().atMost(REPLY_TIMEOUT).pollInterval(Duration.ofSeconds(1))
                .until(() -> status(id).contains("\"status\":\"deferred\""));

        assertEquals(0, stack.mailroom(Duration.ofMinutes(2), "down").exitCode());
        Stack.Result up = stack.mailroom(UP_TIMEOUT, "up");
        assertEquals(0, up.exitCode(), up.output());
        sink.start();
        await().atMost(REPLY_TIMEOUT).until(() -> sink.messages().stream().anyMatch(m -> m.contains(marker)));
        await().atMost(REPLY_TIMEOUT).until(() -> status(id).contains("\"status\":\"sent\""));
        assertEquals(1, sink.messages().stream().filter(m -> m.contains("Subject: " + marker)).count());
    }

    @Test
    @Order(7)
    void agentHostKilledMidBatchLosesNothingAndRepliesOnceInOrder() throws Exception {
        String run = "crash" + System.nanoTime();
        int instances = 4;
        int perInstance = 25;
        // every message accepted first (ingress and Kafka hold them), then agent-host dies while working through them:
        // it is stopped (SIGSTOP) while the messages go in, so that it cannot have answered them all by the time the
        // first replies arrive and it is killed (it answers faster than this one SMTP session sends)
        long agentHost = Long.parseLong(Files.readString(stack.state.resolve("pids/agent-host.pid")).trim());
        signal("STOP", agentHost);
        try (Socket socket = new Socket("127.0.0.1", stack.smtpPort)) {
            socket.setSoTimeout(60_000);
            var in = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(),
                    java.nio.charset.StandardCharsets.US_ASCII));
            var out = socket.getOutputStream();
            smtp(in, out, null, "220");
            smtp(in, out, "EHLO crash.example", "250");
            for (int seq = 1; seq <= perInstance; seq++) {
                for (int i = 0; i < instances; i++) {
                    smtp(in, out, "MAIL FROM:<tester@example.org>", "250");
                    smtp(in, out, "RCPT TO:<echo+" + run + "-" + i + "@agents.localhost>", "250");
                    smtp(in, out, "DATA", "354");
                    smtp(in, out, "From: tester@example.org\r\nSubject: " + run + " " + i + "/" + seq
                            + "\r\nMessage-Id: <" + run + "." + i + "." + seq + "@e2e.example>\r\n\r\n"
                            + "key=" + run + "-" + i + " seq=" + seq + "\r\n.", "250");
                }
            }
            smtp(in, out, "QUIT", "221");
        } finally {
            signal("CONT", agentHost);
        }
        // wait until agent-host has answered some (so the kill falls mid-batch), then SIGKILL it: no shutdown hook
        await().atMost(REPLY_TIMEOUT).pollInterval(Duration.ofMillis(50)).until(() -> replies(run).size() >= 3);
        ProcessHandle.of(agentHost).orElseThrow().destroyForcibly();
        await().atMost(Duration.ofSeconds(30)).until(() -> !ProcessHandle.of(agentHost).map(ProcessHandle::isAlive)
                .orElse(false));
        int before = replies(run).size();
        System.out.printf("agent-host killed with %d of %d replies at the sink%n", before, instances * perInstance);
        Stack.Result up = stack.mailroom(UP_TIMEOUT, "up");
        assertEquals(0, up.exitCode(), up.output());

        int total = instances * perInstance;
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500))
                .until(() -> replies(run).size() >= total);
        Thread.sleep(3_000); // a duplicate would come after the last first reply: give it time to show
        List<String> all = replies(run);
        assertEquals(total, all.size(), "one reply per message (" + before + " before the kill)");
        Pattern reply = Pattern.compile("instance=" + run + "-(\\d+) count=(\\d+)[\\s\\S]*?> key=" + run
                + "-(\\d+) seq=(\\d+)");
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (String m : all) {
            Matcher r = reply.matcher(m);
            assertTrue(r.find(), m);
            assertEquals(r.group(1), r.group(3), "the reply comes from the instance written to");
            assertEquals(r.group(4), r.group(2), "count == seq: instance " + r.group(1) + " saw its mail in order");
            assertTrue(seen.add(r.group(1) + "/" + r.group(2)), "a second reply for " + r.group(1) + "/" + r.group(2));
        }
    }

    private static void signal(String name, long pid) throws Exception {
        assertEquals(0, new ProcessBuilder("kill", "-" + name, Long.toString(pid)).inheritIO().start().waitFor(),
                "kill -" + name + " " + pid);
    }

    /** The replies at the sink to this run's messages (each quotes its key line). */
    private static List<String> replies(String run) throws java.io.IOException {
        return sink.messages().stream().filter(m -> m.contains("instance=" + run + "-")).toList();
    }

    /** Writes {@code line} (unless null) and reads the reply, which must start with {@code code}. */
    private static void smtp(java.io.BufferedReader in, java.io.OutputStream out, String line, String code)
            throws java.io.IOException {
        if (line != null) {
            out.write((line + "\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            out.flush();
        }
        String reply;
        do {
            reply = in.readLine();
            assertTrue(reply != null && reply.startsWith(code), "after " + line + ": " + reply);
        } while (reply.charAt(3) == '-');
    }

    // ---- helpers ----

    /** The stack's bootstrap API key (generated by bin/mailroom). */
    private static String bootstrapKey() throws Exception {
        return stack.bootstrapKey();
    }

    /** {@code bin/mailroom send} from app@agents.localhost to {@code to}, subject and text {@code marker}; its id. */
    private static String cliSend(String to, String marker) throws Exception {
        Stack.Result sent = stack.mailroom(Duration.ofSeconds(60), "send", "--from", "app@agents.localhost",
                "--to", to, "--subject", marker, "--text", marker);
        assertEquals(0, sent.exitCode(), sent.output());
        Matcher id = Pattern.compile("\"id\": \"([^\"]+)\"").matcher(sent.output());
        assertTrue(id.find(), sent.output());
        return id.group(1);
    }

    /** GET /v1/messages/{id} with the stack's bootstrap key. */
    private static String status(String id) throws Exception {
        String key = bootstrapKey();
        java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:"
                        + stack.env.get("MAILROOM_HTTP_PORT") + "/v1/messages/" + id))
                        .header("Authorization", "Bearer " + key).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        return r.body();
    }

    private static Stack.Result swaks(String to, String id, String... extraHeaders) throws Exception {
        List<String> command = new ArrayList<>(List.of("swaks", "--server", "127.0.0.1:" + stack.smtpPort,
                "--from", "tester@example.org", "--to", to, "--header", "Subject: " + id,
                "--header", "Message-Id: <" + id + "@e2e.example>", "--body", "hello from " + id, "--timeout", "60"));
        for (String header : extraHeaders) {
            command.addAll(List.of("--add-header", header));
        }
        return Stack.run(command, Map.of(), Duration.ofSeconds(90));
    }

    /** Sends with swaks and waits for the reply that threads to it at the sink; returns its headers and body. */
    private static Map<String, String> sendAndAwaitReply(String to, String id, String... extraHeaders)
            throws Exception {
        Stack.Result sent = swaks(to, id, extraHeaders);
        assertEquals(0, sent.exitCode(), sent.output());
        assertTrue(sent.output().contains("250 2.0.0 Ok: queued as"), sent.output());
        String marker = "In-Reply-To: <" + id + "@e2e.example>";
        List<String> replies = new ArrayList<>();
        await().atMost(REPLY_TIMEOUT).pollInterval(Duration.ofMillis(250)).until(() -> {
            replies.clear();
            sink.messages().stream().filter(m -> m.contains(marker)).forEach(replies::add);
            return !replies.isEmpty();
        });
        assertEquals(1, replies.size(), "exactly one reply to " + id);
        return headers(replies.get(0));
    }

    private static final Pattern HEADER = Pattern.compile("(?m)^([A-Za-z-]+): (.*(?:\\r?\\n[ \\t].*)*)");

    /** Header fields (first occurrence, unfolded) and the body (key {@code body}) of a dumped message. */
    static Map<String, String> headers(String dumped) {
        int split = dumped.indexOf("\r\n\r\n");
        int sep = 4;
        if (split < 0) {
            split = dumped.indexOf("\n\n");
            sep = 2;
        }
        String head = split < 0 ? dumped : dumped.substring(0, split);
        Map<String, String> out = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        Matcher m = HEADER.matcher(head);
        while (m.find()) {
            out.putIfAbsent(m.group(1), m.group(2).replaceAll("\\r?\\n[ \\t]+", " ").trim());
        }
        String body = split < 0 ? "" : dumped.substring(split + sep);
        boolean qp = "quoted-printable".equalsIgnoreCase(out.getOrDefault("Content-Transfer-Encoding", ""));
        out.put("body", qp ? decodeQuotedPrintable(body) : body);
        return out;
    }

    /** RFC 2045 quoted-printable, enough for a text/plain UTF-8 body. */
    static String decodeQuotedPrintable(String body) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        String unfolded = body.replaceAll("=\\r?\\n", "");
        for (int i = 0; i < unfolded.length(); i++) {
            char c = unfolded.charAt(i);
            if (c == '=' && i + 2 < unfolded.length()) {
                out.write(Integer.parseInt(unfolded.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                out.write(c);
            }
        }
        return out.toString(java.nio.charset.StandardCharsets.UTF_8);
    }

    private static String address(String header) {
        Matcher m = Pattern.compile("<([^>]+)>").matcher(header == null ? "" : header);
        return m.find() ? m.group(1) : header;
    }

    private static List<Long> pids() throws Exception {
        Stack.Result status = stack.mailroom(Duration.ofSeconds(60), "status", "--json");
        JsonNode components = new ObjectMapper().readTree(status.output());
        List<Long> pids = new ArrayList<>();
        for (JsonNode c : components) {
            if (c.path("running").asBoolean()) {
                pids.add(c.path("pid").asLong());
            }
        }
        return pids;
    }

}
