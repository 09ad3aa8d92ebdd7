package dev.mailroom.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.mailroom.sdk.JsonObject;

/** The command line as a whole against a real local HTTP server: output, errors and exit codes. */
class MainTest {

    @TempDir
    Path dir;
    FakeApi api;

    record Run(int code, String out, String err) {
    }

    @BeforeEach
    void start() throws Exception {
        api = new FakeApi();
    }

    @AfterEach
    void stop() {
        api.close();
    }

    Run runIn(String stdin, String... args) {
        Map<String, String> env = new HashMap<>();
        env.put("XDG_CONFIG_HOME", dir.toString());
        env.put("MAILROOM_STATE", dir.resolve("state").toString());
        env.put("MAILROOM_API_URL", api.url());
        env.put("MAILROOM_API_KEY", "mr_test");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(List.of(args), env, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    Run run(String... args) {
        return runIn("", args);
    }

    @Test
    void helpAndUsageErrors() {
        assertEquals(Exit.OK, run("help").code());
        assertTrue(run("help").out().contains("domains add <name>"));
        assertEquals(Exit.USAGE, run().code());
        Run unknown = run("frobnicate");
        assertEquals(Exit.USAGE, unknown.code());
        assertTrue(unknown.err().contains("unknown command 'frobnicate'"), unknown.err());
        assertEquals(Exit.USAGE, run("domains", "frob").code());
        Run group = run("domains");
        assertEquals(Exit.USAGE, group.code());
        assertTrue(group.out().contains("domains verify <name>"), group.out());
        Run help = run("send", "--help");
        assertEquals(Exit.OK, help.code());
        assertTrue(help.out().contains("--idempotency-key KEY"), help.out());
        assertEquals(Exit.OK, run("help", "keys", "create").code());
        Run badFlag = run("keys", "list", "--bogus");
        assertEquals(Exit.USAGE, badFlag.code());
        assertTrue(badFlag.err().contains("unknown option --bogus"), badFlag.err());
        assertTrue(api.received.isEmpty(), "no request for a usage error");
    }

    @Test
    void apiErrorsMapToDocumentedExitCodesWithDetailAndField() {
        api.on("GET /v1/api-keys", 401, "{\"title\":\"Unauthorized\",\"status\":401,\"detail\":\"bad key\"}");
        api.on("GET /v1/drafts/d1", 404, "{\"title\":\"Not found\",\"status\":404,\"detail\":\"no draft d1\"}");
        api.on("POST /v1/send", 422, "{\"title\":\"Invalid request\",\"status\":422,\"detail\":\"to[0]: must be an "
                + "address\",\"errors\":[{\"field\":\"to[0]\",\"detail\":\"must be an address\"}]}");
        api.on("GET /v1/domains", 500, "{\"title\":\"Internal error\",\"status\":500}");
        Run auth = run("keys", "list");
        assertEquals(Exit.AUTH, auth.code());
        assertTrue(auth.err().contains("Unauthorized (HTTP 401): bad key"), auth.err());
        Run missing = run("drafts", "show", "d1");
        assertEquals(Exit.NOT_FOUND, missing.code());
        assertTrue(missing.err().contains("no draft d1"));
        Run invalid = run("send", "--from", "a@b.c", "--to", "nope", "--text", "x");
        assertEquals(Exit.API_ERROR, invalid.code());
        assertTrue(invalid.err().contains("  to[0]: must be an address"), invalid.err());
        assertTrue(invalid.out().contains("\"field\": \"to[0]\""), "send prints the problem document: " + invalid.out());
        assertFalse(invalid.err().contains("at dev.mailroom"), "never a stack trace");
        Run failed = run("domains", "list");
        assertEquals(Exit.API_ERROR, failed.code());
        assertEquals("", failed.out());
    }

    @Test
    void noKeyForARemoteEndpointAndAnUnreachableApi() throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("XDG_CONFIG_HOME", dir.toString());
        env.put("MAILROOM_API_URL", "https://mail.example.invalid");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(List.of("keys", "list"), env, new ByteArrayInputStream(new byte[0]),
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(Exit.AUTH, code);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("no API key"), err.toString());
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Run down = run("--api-url", "http://127.0.0.1:" + port, "keys", "list");
        assertEquals(Exit.NETWORK, down.code());
        assertTrue(down.err().contains("cannot reach http://127.0.0.1:" + port), down.err());
    }

    @Test
    void listsAreTablesOrJsonArrays() {
        api.on("GET /v1/api-keys", 200, "{\"items\":[{\"id\":\"k1\",\"name\":\"ci\",\"permissions\":[\"send\",\"read\"],"
                + "\"domains\":[],\"rate_per_minute\":60,\"created_at\":\"2026-12-07T10:00:00Z\"}],\"next_page_token\":null}");
        Run table = run("keys", "list");
        assertEquals(Exit.OK, table.code(), table.err());
        assertEquals("ID  NAME  PERMISSIONS  DOMAINS  RATE/MIN  CREATED\nk1  ci    send,read    all      60        "
                + "2026-12-07 10:00:00\n", table.out());
        Run json = run("keys", "list", "--json");
        assertEquals("k1", JsonObject.parse("{\"a\":" + json.out() + "}").objects("a").get(0).string("id"));
        assertEquals("Bearer mr_test", api.received.get(0).headers().get("Authorization").get(0));
    }

    @Test
    void sendBuildsTheBodyWithWranglerFlagsAndWaitsForTheOutcome() throws Exception {
        Path file = dir.resolve("report.txt");
        Files.writeString(file, "report");
        AtomicInteger polls = new AtomicInteger();
        api.on("POST /v1/send", 202, "{\"id\":\"s1\",\"message_id\":\"<s1@x>\"}");
        api.on("GET /v1/messages/s1", r -> FakeApi.Answer.json(200, "{\"id\":\"s1\",\"status\":\""
                + (polls.incrementAndGet() < 2 ? "queued" : "delivered") + "\"}"));
        Run sent = runIn("hello from stdin", "send", "--from", "app@x.org", "--from-name", "App \"Team\"", "--to", "a@y.org",
                "--to", "b@y.org", "--cc", "c@y.org", "--bcc", "d@y.org", "--reply-to", "r@x.org", "--subject", "Hi",
                "--text", "-", "--html", "<p>hi</p>", "--header", "X-Campaign: c1", "--attach", file.toString(),
                "--idempotency-key", "k-1", "--wait", "10");
        assertEquals(Exit.OK, sent.code(), sent.err());
        assertTrue(sent.out().contains("\"id\": \"s1\"") && sent.out().contains("\"status\": \"delivered\""),
                sent.out());
        assertTrue(sent.err().contains("s1 queued") && sent.err().contains("s1 delivered"), sent.err());
        FakeApi.Received post = api.received.get(0);
        assertEquals("k-1", post.headers().get("Idempotency-key").get(0));
        JsonObject body = JsonObject.parse(post.body());
        assertEquals("\"App \\\"Team\\\"\" <app@x.org>", body.string("from"));
        assertEquals(List.of("a@y.org", "b@y.org"), body.strings("to"));
        assertEquals(List.of("c@y.org"), body.strings("cc"));
        assertEquals(List.of("d@y.org"), body.strings("bcc"));
        assertEquals(List.of("r@x.org"), body.strings("reply_to"));
        assertEquals("hello from stdin", body.string("text"));
        assertEquals("<p>hi</p>", body.string("html"));
        assertEquals("c1", body.object("headers").string("X-Campaign"));
        JsonObject att = body.objects("attachments").get(0);
        assertEquals("report.txt", att.string("filename"));
        assertEquals("cmVwb3J0", att.string("content"));
    }

    @Test
    void sendWaitEndsWithTheDeliveryOutcome() {
        api.on("POST /v1/send", 202, "{\"id\":\"s2\"}");
        api.on("GET /v1/messages/s2", 200, "{\"id\":\"s2\",\"status\":\"bounced\"}");
        assertEquals(Exit.API_ERROR, run("send", "--from", "a@x.org", "--to", "b@y.org", "--wait").code());
        api.on("GET /v1/messages/s2", 200, "{\"id\":\"s2\",\"status\":\"deferred\"}");
        Run timeout = run("send", "--from", "a@x.org", "--to", "b@y.org", "--wait", "1s");
        assertEquals(Exit.TIMEOUT, timeout.code());
        assertTrue(timeout.err().contains("no outcome within 1 s (still deferred)"), timeout.err());
    }

    @Test
    void sendChecksItsFlagsBeforeAnyRequest() {
        assertEquals(Exit.USAGE, run("send", "--from", "a@x.org").code());
        assertEquals(Exit.USAGE, run("send", "--to", "b@y.org").code());
        assertEquals(Exit.USAGE, run("send", "--from", "a@x.org", "--to", "b@y.org", "--attachment", "/no/such").code());
        assertEquals(Exit.USAGE, run("send", "--from", "a@x.org", "--to", "b@y.org", "--header", "novalue").code());
        assertTrue(api.received.isEmpty());
    }

    @Test
    void sendRawPostsTheMimeMessageToTheCloudflareCompatibleEndpoint() throws Exception {
        Path eml = dir.resolve("m.eml");
        Files.writeString(eml, "From: a@x.org\r\nTo: b@y.org\r\nSubject: raw\r\n\r\nbody\r\n");
        api.on("POST /client/v4/accounts/mailroom/email/sending/send_raw", 200, "{\"success\":true,\"errors\":[],"
                + "\"result\":{\"message_id\":\"<m@x>\",\"queued\":[\"b@y.org\"]}}");
        Run ok = run("send-raw", "--from", "a@x.org", "--to", "b@y.org", "--mime-file", eml.toString());
        assertEquals(Exit.OK, ok.code(), ok.err());
        JsonObject body = JsonObject.parse(api.received.get(0).body());
        assertEquals(List.of("b@y.org"), body.strings("recipients"));
        assertTrue(body.string("mime_message").contains("Subject: raw"));
        api.on("POST /client/v4/accounts/mailroom/email/sending/send_raw", 400, "{\"success\":false,\"errors\":[{"
                + "\"code\":10001}],\"messages\":[{\"code\":10001,\"message\":\"recipients/0: not an address\","
                + "\"source\":{\"pointer\":\"/recipients/0\"}}]}");
        Run bad = run("send-raw", "--from", "a@x.org", "--to", "nope", "--mime-file", eml.toString());
        assertEquals(Exit.API_ERROR, bad.code());
        assertTrue(bad.err().contains("recipients/0: not an address (/recipients/0)"), bad.err());
    }

    @Test
    void draftsApproveSendsTheEdits() {
        api.on("POST /v1/drafts/d1/approve", 200, "{\"id\":\"d1\",\"status\":\"approved\",\"send_id\":\"s9\"}");
        Run r = runIn("new text", "drafts", "approve", "d1", "--text", "-", "--subject", "Re: edited");
        assertEquals(Exit.OK, r.code(), r.err());
        assertEquals("approved draft d1 (send s9)\n", r.out());
        JsonObject body = JsonObject.parse(api.received.get(0).body());
        assertEquals("new text", body.string("text"));
        assertEquals("Re: edited", body.string("subject"));
    }

    @Test
    void draftsApproveEditOpensTheEditorOnTheDraftsText() {
        api.on("GET /v1/drafts/d2", 200, "{\"id\":\"d2\",\"status\":\"pending\",\"request\":{\"text\":\"agent text\"}}");
        api.on("POST /v1/drafts/d2/approve", 200, "{\"id\":\"d2\",\"status\":\"approved\"}");
        Map<String, String> env = new HashMap<>();
        env.put("XDG_CONFIG_HOME", dir.toString());
        env.put("MAILROOM_API_URL", api.url());
        env.put("MAILROOM_API_KEY", "mr_test");
        env.put("VISUAL", "sed -i s/agent/edited/");
        int code = Main.run(List.of("drafts", "approve", "d2", "--edit"), env, new ByteArrayInputStream(new byte[0]),
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(new ByteArrayOutputStream()));
        assertEquals(Exit.OK, code);
        assertEquals("edited text", JsonObject.parse(api.received.get(1).body()).string("text"));
        env.put("VISUAL", "false");
        assertEquals(Exit.USAGE, Main.run(List.of("drafts", "approve", "d2", "--edit"), env,
                new ByteArrayInputStream(new byte[0]), new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(new ByteArrayOutputStream())), "a failed editor approves nothing");
        assertEquals(3, api.received.size(), "no second approve");
    }

    @Test
    void versionIsTheSdksVersion() {
        assertTrue(run("--version").out().startsWith("mailroom 0."));
    }

    @Test
    void waitLongPollsUntilAMessageOrTheTimeout() {
        api.on("GET /v1/agents/Echo/instances/t1/messages", 200, "{\"messages\":[],\"cursor\":7}");
        Run none = run("wait", "Echo", "t1", "--timeout", "1s");
        assertEquals(Exit.TIMEOUT, none.code());
        assertTrue(none.err().contains("resume: --after 7"), none.err());
        api.on("GET /v1/agents/Echo/instances/t1/messages", 200, "{\"messages\":[{\"seq\":8,\"agent\":\"Echo/t1\","
                + "\"message\":{\"id\":\"m8\",\"direction\":\"out\",\"subject\":\"Re: hi\",\"text\":\"count=1\","
                + "\"from\":{\"address\":\"echo+t1@x.org\"}}}],\"cursor\":8}");
        Run got = run("wait", "Echo", "t1", "--direction", "out");
        assertEquals(Exit.OK, got.code(), got.err());
        assertTrue(got.out().contains("subject:   Re: hi") && got.out().contains("count=1"), got.out());
    }

    @Test
    void profilesAreSavedListedAndUsed() {
        assertEquals(Exit.OK, runIn("mr_saved\n", "profiles", "set", "prod", "--url", api.url(), "--key", "-").code());
        Run list = run("profiles", "list");
        assertTrue(list.out().contains("prod") && !list.out().contains("mr_saved"), "keys are masked: " + list.out());
        Map<String, String> env = new HashMap<>();
        env.put("XDG_CONFIG_HOME", dir.toString());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Main.run(List.of("--profile", "prod", "whoami", "--json"), env, new ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream()));
        JsonObject who = JsonObject.parse(out.toString(StandardCharsets.UTF_8));
        assertEquals(api.url(), who.string("url"));
        assertEquals("profile prod", who.string("key_source"));
        assertEquals(Exit.NOT_FOUND, run("profiles", "remove", "nope").code());
    }
}
