package dev.mailroom.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import dev.mailroom.sdk.JsonObject;

/**
 * {@code mailroom mcp}: an MCP server over stdio for clients that launch a process (Claude Desktop, Cursor, ...),
 * bridged to the api's Streamable HTTP endpoint {@code <url>/mcp} with the profile's key. Each newline-delimited
 * JSON-RPC message read from stdin is POSTed as it is; the answer (a JSON body, or the events of an SSE body) is
 * written to stdout, one message per line. The {@code Mcp-Session-Id} the server gives at {@code initialize} goes
 * on every later request, the negotiated {@code MCP-Protocol-Version} too. Requests run concurrently (a long
 * {@code wait_for_reply} never blocks a {@code ping}); notifications and responses are sent in order. An HTTP or
 * network failure of a request becomes a JSON-RPC error answer to that request id; logs go to stderr only. On EOF
 * it waits for the answers still due (up to 10 s), ends the session ({@code DELETE /mcp}) and exits 0.
 */
final class McpBridge {

    private final HttpClient http;
    private final URI endpoint;
    private final String key;
    private final PrintStream out;
    private final PrintStream err;
    private volatile String sessionId;
    private volatile String protocolVersion;

    McpBridge(HttpClient http, URI endpoint, String key, PrintStream out, PrintStream err) {
        this.http = http;
        this.endpoint = endpoint;
        this.key = key;
        this.out = out;
        this.err = err;
    }

    static int run(Context c, Args a) throws Exception {
        a.atMost(0);
        Config cfg = c.config();
        McpBridge bridge = new McpBridge(c.http(), URI.create(cfg.url() + "/mcp"), cfg.requireKey(), c.out().out(),
                c.out().err());
        c.out().note("mailroom mcp: bridging stdio to " + cfg.url() + "/mcp (key from " + cfg.keySource() + ")");
        return bridge.serve(c.stdin());
    }

    int serve(InputStream in) throws InterruptedException {
        ExecutorService pool = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "mcp-request");
            t.setDaemon(true);
            return t;
        });
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                JsonObject msg;
                try {
                    msg = JsonObject.parse(line);
                } catch (RuntimeException e) {
                    write(error(null, -32700, "parse error: " + e.getMessage()));
                    continue;
                }
                String text = line;
                boolean request = msg.has("method") && msg.has("id");
                if (request && !"initialize".equals(msg.string("method"))) {
                    pool.submit(() -> forward(text, msg));
                } else {
                    forward(text, msg); // initialize (the session starts there), notifications, responses: in order
                }
            }
        } catch (IOException e) {
            err.println("mailroom mcp: stdin: " + e.getMessage());
        }
        pool.shutdown();
        if (!pool.awaitTermination(10, TimeUnit.SECONDS)) {
            err.println("mailroom mcp: answers still due after EOF: dropped");
        }
        endSession();
        return Exit.OK;
    }

    /** POSTs one message and writes what comes back. */
    void forward(String text, JsonObject msg) {
        Object id = msg.get("id");
        boolean request = msg.has("method") && id != null;
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(endpoint).header("Authorization", "Bearer " + key)
                    .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
                    .header("User-Agent", "mailroom-cli/" + dev.mailroom.sdk.Mailroom.version())
                    .POST(HttpRequest.BodyPublishers.ofString(text, StandardCharsets.UTF_8));
            if (sessionId != null) {
                b.header("Mcp-Session-Id", sessionId);
            }
            if (protocolVersion != null) {
                b.header("MCP-Protocol-Version", protocolVersion);
            }
            HttpResponse<InputStream> r = http.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
            r.headers().firstValue("Mcp-Session-Id").ifPresent(s -> sessionId = s);
            String type = r.headers().firstValue("Content-Type").orElse("");
            if (r.statusCode() / 100 != 2) {
                String body = new String(r.body().readAllBytes(), StandardCharsets.UTF_8);
                String detail = problemDetail(body);
                err.println("mailroom mcp: HTTP " + r.statusCode() + " for " + msg.string("method") + ": " + detail);
                if (request) {
                    write(error(id, r.statusCode() == 401 || r.statusCode() == 403 ? -32001 : -32000,
                            "HTTP " + r.statusCode() + ": " + detail));
                }
                return;
            }
            if (type.startsWith("text/event-stream")) {
                readEvents(r.body(), msg);
            } else {
                String body = new String(r.body().readAllBytes(), StandardCharsets.UTF_8);
                if (!body.isBlank()) {
                    writeMessage(body, msg);
                }
            }
        } catch (IOException e) {
            err.println("mailroom mcp: cannot reach " + endpoint + ": " + e);
            if (request) {
                write(error(id, -32000, "cannot reach " + endpoint + ": " + e.getMessage()));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The data of each server-sent event is one JSON-RPC message. */
    private void readEvents(InputStream body, JsonObject msg) throws IOException {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            StringBuilder data = new StringBuilder();
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isEmpty()) {
                    if (data.length() > 0) {
                        writeMessage(data.toString(), msg);
                        data.setLength(0);
                    }
                } else if (line.startsWith("data:")) {
                    if (data.length() > 0) {
                        data.append('\n');
                    }
                    data.append(line.substring(line.startsWith("data: ") ? 6 : 5));
                }
            }
            if (data.length() > 0) {
                writeMessage(data.toString(), msg);
            }
        }
    }

    private void writeMessage(String json, JsonObject request) {
        if ("initialize".equals(request.string("method"))) {
            try {
                String v = JsonObject.parse(json).object("result").string("protocolVersion");
                if (v != null) {
                    protocolVersion = v;
                }
            } catch (RuntimeException ignored) {
                // not an object: passed on as it is
            }
        }
        // a JSON text has no raw line breaks inside strings: replacing them keeps it the same value, on one line
        write(json.replace("\r", " ").replace("\n", " ").strip());
    }

    private synchronized void write(String line) {
        out.print(line);
        out.print('\n');
        out.flush();
    }

    private void endSession() {
        if (sessionId == null) {
            return;
        }
        try {
            http.send(HttpRequest.newBuilder(endpoint).header("Authorization", "Bearer " + key)
                    .header("Mcp-Session-Id", sessionId).timeout(Duration.ofSeconds(5)).DELETE().build(),
                    HttpResponse.BodyHandlers.discarding());
        } catch (IOException e) {
            // the session expires on its own
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static String error(Object id, int code, String message) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("code", code);
        e.put("message", message);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("jsonrpc", "2.0");
        m.put("id", id);
        m.put("error", e);
        return Output.compact(m);
    }

    static String problemDetail(String body) {
        try {
            JsonObject p = JsonObject.parse(body);
            String d = p.string("detail") != null ? p.string("detail") : p.string("title");
            if (d != null) {
                return d;
            }
            JsonObject e = p.object("error");
            if (e.string("message") != null) {
                return e.string("message");
            }
        } catch (RuntimeException ignored) {
            // not JSON
        }
        return Output.cell(body, 200);
    }
}
