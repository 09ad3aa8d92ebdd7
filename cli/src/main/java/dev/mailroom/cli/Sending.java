package dev.mailroom.cli;

import static dev.mailroom.cli.Args.Opt.duration;
import static dev.mailroom.cli.Args.Opt.many;
import static dev.mailroom.cli.Args.Opt.value;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Timer;
import java.util.TimerTask;
import java.util.UUID;

import dev.mailroom.sdk.ApiException;
import dev.mailroom.sdk.Attachment;
import dev.mailroom.sdk.CustomerEvent;
import dev.mailroom.sdk.EventStream;
import dev.mailroom.sdk.EventStreamParams;
import dev.mailroom.sdk.JsonObject;
import dev.mailroom.sdk.Message;
import dev.mailroom.sdk.SendAccepted;
import dev.mailroom.sdk.SendParams;
import dev.mailroom.sdk.WaitPage;
import dev.mailroom.sdk.WaitParams;
import dev.mailroom.sdk.WaitedMessage;

/** {@code send}, {@code send-raw}, {@code wait} and {@code tail}: the commands that send or wait. */
final class Sending {

    /** Delivery states after which a send's outcome is known ({@code send --wait} stops). */
    static final Set<String> FINAL = Set.of("sent", "delivered", "partially-delivered", "bounced", "suppressed",
            "failed");
    static final Set<String> SUCCESS = Set.of("sent", "delivered");
    static final Duration DEFAULT_WAIT = Duration.ofSeconds(120);

    private Sending() {
    }

    static Command send() {
        return new Command("send", "", "send a message through the API (POST /v1/send); prints the answer as JSON",
                List.of(value("from", "ADDR", "the sender, 'addr' or 'Name <addr>' (required)"),
                        value("from-name", "NAME", "the sender's display name"),
                        many("to", "ADDR", "a recipient (repeatable; at least one of --to/--cc/--bcc)"),
                        many("cc", "ADDR", "a copy recipient (repeatable)"),
                        many("bcc", "ADDR", "a blind copy recipient (repeatable)"),
                        many("reply-to", "ADDR", "where replies go (repeatable)"),
                        value("subject", "S", "the subject"),
                        value("text", "T", "the text body ('-': standard input)"),
                        value("html", "H", "the HTML body ('-': standard input)"),
                        value("text-file", "FILE", "the text body from a file"),
                        value("html-file", "FILE", "the HTML body from a file"),
                        many("header", "K:V", "an extra header field (repeatable)"),
                        many("attachment", "PATH", "a file to attach (repeatable)"),
                        many("tag", "TAG", "a tag for events and search (repeatable)"),
                        value("in-reply-to", "MSGID", "the Message-ID this answers (threading)"),
                        value("idempotency-key", "KEY", "makes retries safe (default: a new UUID)"),
                        duration("wait", "wait until sent, delivered, bounced or failed (default 120s); progress on"
                                + " stderr")),
                Map.of("attach", "attachment"), Sending::runSend);
    }

    static Command sendRaw() {
        return new Command("send-raw", "", "send a whole MIME message as it is (Cloudflare-compatible send_raw)",
                List.of(value("from", "ADDR", "the envelope sender (required)"),
                        many("to", "ADDR", "an envelope recipient (repeatable, required)"),
                        value("mime-file", "FILE", "the RFC 5322 message ('-': standard input; required)"),
                        value("idempotency-key", "KEY", "makes retries safe (default: a new UUID)")),
                Sending::runSendRaw);
    }

    static Command waitCommand() {
        return new Command("wait", "<class> <instance>",
                "wait for the next message of an agent instance (long poll; progress on stderr)",
                List.of(duration("timeout", "how long to wait (default 120s)"),
                        value("direction", "in|out", "in: mail reaching the instance (default); out: its answer"),
                        value("after", "SEQ", "a history sequence number to wait after (default: now)"),
                        value("thread", "ID", "only this thread")),
                Sending::runWait);
    }

    static Command tail() {
        return new Command("tail", "", "live events (message.*, draft.*, ...); resumable with --since <event id>",
                List.of(many("type", "TYPE", "only these event types (repeatable or comma-separated)"),
                        value("mailbox", "ID", "only this mailbox's events"),
                        value("domain", "D", "only this domain's events"),
                        value("since", "EVENT_ID", "resume after this event (default: only new events)"),
                        value("count", "N", "stop after N events"),
                        duration("timeout", "stop after this long")),
                Map.of("types", "type"), Sending::runTail);
    }

    // ---- send ----

    static SendParams params(Context c, Args a) throws IOException {
        a.atMost(0);
        String from = a.need("from");
        if (a.has("from-name")) {
            String name = a.get("from-name").replace("\\", "\\\\").replace("\"", "\\\"");
            from = "\"" + name + "\" <" + bare(from) + ">";
        }
        if (a.all("to").isEmpty() && a.all("cc").isEmpty() && a.all("bcc").isEmpty()) {
            throw Exit.usage("give a recipient: --to (or --cc, --bcc)");
        }
        SendParams.Builder b = SendParams.builder().from(from).subject(a.get("subject"))
                .to(a.all("to")).cc(a.all("cc").toArray(String[]::new)).bcc(a.all("bcc").toArray(String[]::new))
                .replyTo(a.all("reply-to").toArray(String[]::new)).tags(a.all("tag").toArray(String[]::new))
                .inReplyTo(a.get("in-reply-to"));
        String text = body(c, a, "text");
        String html = body(c, a, "html");
        if (text == null && html == null) {
            text = "";
        }
        b.text(text).html(html);
        for (String h : a.all("header")) {
            int colon = h.indexOf(':');
            if (colon <= 0) {
                throw Exit.usage("--header: expected Name:value, got " + h);
            }
            b.header(h.substring(0, colon).strip(), h.substring(colon + 1).strip());
        }
        for (String path : a.all("attachment")) {
            Path p = Path.of(path);
            if (!Files.isRegularFile(p)) {
                throw Exit.usage("--attachment: no such file: " + path);
            }
            b.attachment(Attachment.fromPath(p));
        }
        b.idempotencyKey(a.get("idempotency-key", UUID.randomUUID().toString()));
        return b.build();
    }

    private static String bare(String from) {
        int lt = from.lastIndexOf('<');
        int gt = from.lastIndexOf('>');
        return lt >= 0 && gt > lt ? from.substring(lt + 1, gt).strip() : from.strip();
    }

    private static String body(Context c, Args a, String kind) throws IOException {
        if (a.has(kind) && a.has(kind + "-file")) {
            throw Exit.usage("give --" + kind + " or --" + kind + "-file, not both");
        }
        if (a.has(kind + "-file")) {
            try {
                return Files.readString(Path.of(a.get(kind + "-file")), StandardCharsets.UTF_8);
            } catch (NoSuchFileException e) {
                throw Exit.usage("--" + kind + "-file: no such file: " + a.get(kind + "-file"));
            }
        }
        String v = a.get(kind);
        return "-".equals(v) ? new String(c.stdin().readAllBytes(), StandardCharsets.UTF_8) : v;
    }

    private static int runSend(Context c, Args a) throws Exception {
        SendParams params = params(c, a);
        Duration wait = a.has("wait") ? (a.get("wait").isEmpty() ? DEFAULT_WAIT : Args.duration(a.get("wait"),
                "--wait")) : null;
        SendAccepted sent = c.api().emails().send(params);
        c.out().json(sent.json());
        if (wait == null) {
            return Exit.OK;
        }
        return awaitOutcome(c, sent.id(), wait);
    }

    /** Polls the message until its outcome is known or {@code wait} passes; prints it; exit 0/1/5. */
    static int awaitOutcome(Context c, String id, Duration wait) throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + wait.toNanos();
        String last = null;
        Message m = null;
        long pause = 250;
        while (true) {
            try {
                m = c.api().emails().get(id);
            } catch (ApiException e) {
                if (e.status() != 404) {
                    throw e; // 404 only until the message is recorded
                }
            }
            String status = m == null ? "accepted" : m.status();
            if (!status.equals(last)) {
                c.out().note(String.format("mailroom: %s %s (%.1f s)", id, status, (System.nanoTime() - start) / 1e9));
                last = status;
            }
            if (FINAL.contains(status)) {
                c.out().json(m.json());
                return SUCCESS.contains(status) ? Exit.OK : Exit.API_ERROR;
            }
            if (System.nanoTime() >= deadline) {
                if (m != null) {
                    c.out().json(m.json());
                }
                c.out().note("mailroom: no outcome within " + wait.toSeconds() + " s (still " + status + ")");
                return Exit.TIMEOUT;
            }
            Thread.sleep(pause);
            pause = Math.min(2000, pause * 2);
        }
    }

    // ---- send-raw ----

    private static int runSendRaw(Context c, Args a) throws Exception {
        a.atMost(0);
        String from = a.need("from");
        if (a.all("to").isEmpty()) {
            throw Exit.usage("--to is required");
        }
        String file = a.need("mime-file");
        byte[] mime;
        try {
            mime = "-".equals(file) ? c.stdin().readAllBytes() : Files.readAllBytes(Path.of(file));
        } catch (NoSuchFileException e) {
            throw Exit.usage("--mime-file: no such file: " + file);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("from", from);
        body.put("recipients", a.all("to"));
        body.put("mime_message", new String(mime, StandardCharsets.UTF_8));
        Config cfg = c.config();
        HttpRequest request = HttpRequest.newBuilder(URI.create(cfg.url()
                + "/client/v4/accounts/mailroom/email/sending/send_raw"))
                .timeout(Duration.ofSeconds(60)).header("Authorization", "Bearer " + cfg.requireKey())
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .header("User-Agent", "mailroom-cli/" + dev.mailroom.sdk.Mailroom.version())
                .header("Idempotency-Key", a.get("idempotency-key", UUID.randomUUID().toString()))
                .POST(HttpRequest.BodyPublishers.ofString(Output.compact(body))).build();
        HttpResponse<String> r;
        try {
            r = c.http().send(request,
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new dev.mailroom.sdk.ApiConnectionException(e.getMessage() == null ? e.toString() : e.getMessage(),
                    e);
        }
        JsonObject answer;
        try {
            answer = JsonObject.parse(r.body());
        } catch (RuntimeException e) {
            answer = JsonObject.of(Map.of("status", r.statusCode(), "detail", r.body()));
        }
        c.out().json(answer);
        if (r.statusCode() / 100 == 2 && !Boolean.FALSE.equals(answer.bool("success"))) {
            return Exit.OK;
        }
        for (JsonObject m : answer.objects("messages")) {
            c.out().err().println("mailroom: " + m.string("message") + (m.object("source").string("pointer") == null
                    ? "" : " (" + m.object("source").string("pointer") + ")"));
        }
        return switch (r.statusCode()) {
            case 401, 403 -> Exit.AUTH;
            case 404 -> Exit.NOT_FOUND;
            default -> Exit.API_ERROR;
        };
    }

    // ---- wait ----

    private static int runWait(Context c, Args a) {
        a.atMost(2);
        String cls = a.arg(0, "agent class");
        String instance = a.arg(1, "instance");
        Duration timeout = a.get("timeout") == null || a.get("timeout").isEmpty() ? DEFAULT_WAIT
                : Args.duration(a.get("timeout"), "--timeout");
        String direction = a.get("direction", "in");
        if (!direction.equals("in") && !direction.equals("out")) {
            throw Exit.usage("--direction: in or out");
        }
        Long after = null;
        if (a.has("after")) {
            try {
                after = Long.parseLong(a.get("after"));
            } catch (NumberFormatException e) {
                throw Exit.usage("--after: not a sequence number: " + a.get("after"));
            }
        }
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        c.out().note("mailroom: waiting up to " + timeout.toSeconds() + " s for the next message "
                + ("in".equals(direction) ? "to " : "from ") + cls + "/" + instance + " ...");
        while (true) {
            long left = Math.max(0, deadline - System.nanoTime());
            Duration poll = Duration.ofNanos(Math.min(left, Duration.ofSeconds(10).toNanos()));
            WaitParams p = WaitParams.timeout(poll).direction(direction).thread(a.get("thread"));
            if (after != null) {
                p = p.after(after);
            }
            WaitPage page = c.api().agents().messages(cls, instance, p);
            if (!page.messages().isEmpty()) {
                WaitedMessage m = page.messages().get(0);
                if (c.json()) {
                    c.out().json(m.message().json() == null ? Map.of() : Map.of("seq", m.seq(), "agent",
                            String.valueOf(m.agent()), "message", m.message().json()));
                } else {
                    JsonObject j = m.message().json();
                    c.out().fields(List.of(new String[] {"seq", Long.toString(m.seq())},
                            new String[] {"id", m.id()}, new String[] {"direction", m.direction()},
                            new String[] {"from", Commands.untrusted(Commands.address(j.object("from")))},
                            new String[] {"subject", Commands.untrusted(m.subject())},
                            new String[] {"thread", m.threadId()}));
                    c.out().line("");
                    c.out().line(m.text() == null ? "(no text)" : Commands.untrusted(m.text()));
                }
                return Exit.OK;
            }
            after = page.cursor();
            if (System.nanoTime() >= deadline) {
                c.out().note("mailroom: no message within " + timeout.toSeconds() + " s (resume: --after " + after
                        + ")");
                return Exit.TIMEOUT;
            }
            c.out().note(String.format("mailroom: still waiting (%d s)", (System.nanoTime() - start) / 1_000_000_000L));
        }
    }

    // ---- tail ----

    private static int runTail(Context c, Args a) {
        a.atMost(0);
        List<String> types = new ArrayList<>();
        a.all("type").forEach(t -> {
            for (String s : t.split(",")) {
                if (!s.isBlank()) {
                    types.add(s.strip());
                }
            }
        });
        Integer count = a.integer("count");
        if (count != null && count < 1) {
            throw Exit.usage("--count must be 1 or more");
        }
        Duration timeout = a.get("timeout") == null || a.get("timeout").isEmpty() ? null
                : Args.duration(a.get("timeout"), "--timeout");
        EventStreamParams p = new EventStreamParams(types.isEmpty() ? null : types, a.get("mailbox"), a.get("domain"),
                a.get("since"));
        int seen = 0;
        Timer timer = null;
        boolean[] timedOut = new boolean[1];
        try (EventStream<CustomerEvent> stream = c.api().events().stream(p)) {
            if (timeout != null) {
                timer = new Timer("tail-timeout", true);
                timer.schedule(new TimerTask() {
                    @Override
                    public void run() {
                        timedOut[0] = true;
                        stream.close();
                    }
                }, timeout.toMillis());
            }
            c.out().note("mailroom: following events" + (types.isEmpty() ? "" : " " + String.join(",", types))
                    + (a.get("since") == null ? "" : " after " + a.get("since")) + " (Ctrl-C to stop)");
            while (stream.hasNext()) {
                CustomerEvent e = stream.next();
                if (c.json()) {
                    Map<String, Object> line = new LinkedHashMap<>();
                    line.put("id", e.id());
                    line.putAll(e.json().toMap());
                    c.out().line(Output.compact(line));
                } else {
                    c.out().line(eventLine(e));
                }
                c.out().out().flush();
                if (count != null && ++seen >= count) {
                    return Exit.OK;
                }
            }
            if (timedOut[0]) {
                c.out().note("mailroom: stopped after " + timeout.toSeconds() + " s; resume with --since "
                        + stream.resumeToken());
                return count != null ? Exit.TIMEOUT : Exit.OK;
            }
            return Exit.OK;
        } catch (dev.mailroom.sdk.ApiConnectionException e) {
            if (timedOut[0]) {
                return count != null ? Exit.TIMEOUT : Exit.OK;
            }
            throw e;
        } finally {
            if (timer != null) {
                timer.cancel();
            }
        }
    }

    /** {@code <id>  <time>  <type>  <what>}: the event's main data on one line. */
    static String eventLine(CustomerEvent e) {
        JsonObject d = e.data();
        List<String> parts = new ArrayList<>();
        for (String k : List.of("message_id", "id", "draft_id", "thread_id", "mailbox", "agent", "status", "subject",
                "to", "recipient", "reason")) {
            Object v = d.get(k);
            if (v != null && !(v instanceof Map) && !(v instanceof List && ((List<?>) v).isEmpty())) {
                String s = v instanceof List<?> l ? String.join(",", l.stream().map(String::valueOf).toList())
                        : String.valueOf(v);
                String cell = Output.cell(Commands.untrusted(s), 80);
                parts.add(k + "=" + (cell.contains(" ") ? "\"" + cell.replace("\"", "'") + "\"" : cell));
            }
        }
        return String.join("  ", List.of(String.valueOf(e.id()), Commands.when(e.json().string("timestamp")) == null
                ? "-" : Commands.when(e.json().string("timestamp")), String.valueOf(e.type()),
                String.join(" ", parts)));
    }
}
