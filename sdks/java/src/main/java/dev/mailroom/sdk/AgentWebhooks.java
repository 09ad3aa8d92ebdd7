package dev.mailroom.sdk;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

/**
 * The agent handler helper, framework-neutral: {@link #handle} verifies the request's signature, decodes the event,
 * calls the user's {@link AgentFunction} and gives back the HTTP answer (200 with the answer JSON; 401 for a bad
 * signature, 400 for a malformed request, 500 when the function fails — the host retries — each with a problem+json
 * body that never carries the exception). {@link #httpHandler} wraps it for the JDK's
 * {@code com.sun.net.httpserver.HttpServer}; other servers call {@link #handle} with their request's body and
 * headers.
 */
public final class AgentWebhooks {

    private static final System.Logger LOG = System.getLogger(AgentWebhooks.class.getName());
    private static final String PROBLEMS = "https://mailroom.dev/problems/";

    private AgentWebhooks() {
    }

    public static AgentResponse handle(byte[] body, Map<String, ?> headers, String secret, AgentFunction fn) {
        return handle(body, headers, secret, fn, WebhookVerifier.DEFAULT_TOLERANCE);
    }

    public static AgentResponse handle(byte[] body, Map<String, ?> headers, String secret, AgentFunction fn,
            Duration tolerance) {
        JsonObject json;
        try {
            json = WebhookVerifier.verify(body, headers, secret, tolerance);
        } catch (WebhookVerificationException e) {
            if (e.reason().equals("malformed-body")) {
                return problem(400, "malformed-json", "Malformed request", "the body is not a JSON object");
            }
            return problem(401, "unauthorized", "Unauthorized", e.getMessage());
        }
        AgentEvent event;
        try {
            event = AgentEvent.from(json);
        } catch (RuntimeException e) {
            return problem(400, "bad-request", "Bad request", "not an agent webhook event");
        }
        if (event.event() == null || event.id() == null || event.className() == null) {
            return problem(400, "bad-request", "Bad request", "event, id and agent are required");
        }
        AgentAnswer answer;
        try {
            answer = fn.handle(event);
        } catch (Exception e) {
            LOG.log(System.Logger.Level.WARNING, "agent function failed id=" + event.id(), e);
            return problem(500, "internal-error", "Internal error", "the agent function failed");
        }
        Map<String, Object> out = answer == null ? Map.of() : answer.toJson();
        return new AgentResponse(200, Map.of("Content-Type", "application/json"), Json.writeBytes(out));
    }

    private static AgentResponse problem(int status, String type, String title, String detail) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("type", PROBLEMS + type);
        p.put("title", title);
        p.put("status", status);
        p.put("detail", detail);
        return new AgentResponse(status, Map.of("Content-Type", "application/problem+json"), Json.writeBytes(p));
    }

    /** An {@link HttpHandler} answering POSTs with {@link #handle}; other methods get 405. */
    public static HttpHandler httpHandler(String secret, AgentFunction fn) {
        return exchange -> serve(exchange, secret, fn);
    }

    private static void serve(HttpExchange exchange, String secret, AgentFunction fn) throws IOException {
        try (exchange) {
            AgentResponse r;
            if (!exchange.getRequestMethod().equals("POST")) {
                r = problem(405, "method-not-allowed", "Method not allowed", "POST the webhook event");
            } else {
                byte[] body;
                try (InputStream in = exchange.getRequestBody()) {
                    body = in.readAllBytes();
                }
                r = handle(body, exchange.getRequestHeaders(), secret, fn);
            }
            r.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
            exchange.sendResponseHeaders(r.status(), r.body().length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(r.body());
            }
        }
    }
}
