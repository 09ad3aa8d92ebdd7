package dev.mailroom.sdk;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/**
 * Sends requests to the API: base URL, {@code Authorization: Bearer}, {@code User-Agent}, JSON bodies, timeouts,
 * problem+json → {@link ApiException}, and the retries of {@link Retries}. Thread-safe.
 */
final class Transport {

    static final String VERSION = version();
    static final String USER_AGENT = "mailroom-sdk-java/" + VERSION;

    /**
     * Where the {@code *Async} methods run when no executor is given: daemon threads, created as needed (a long
     * poll blocks its thread for up to 30 s: never the common pool, whose few threads other code needs).
     */
    static final java.util.concurrent.Executor ASYNC = java.util.concurrent.Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "mailroom-sdk-async");
        t.setDaemon(true);
        return t;
    });

    final HttpClient http;
    final String baseUrl;
    private final String apiKey;
    final int maxRetries;
    final Duration timeout;
    final Duration maxRetryDelay;
    private final Consumer<RetryEvent> onRetry;
    /** The ids of this client's recent sends, whose 404 on a read is retried briefly; null: turned off. */
    final RecentSends sends;

    Transport(HttpClient http, String baseUrl, String apiKey, int maxRetries, Duration timeout, Duration maxRetryDelay,
            Consumer<RetryEvent> onRetry, boolean readYourSends) {
        this.http = http;
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.apiKey = apiKey;
        this.maxRetries = maxRetries;
        this.timeout = timeout;
        this.maxRetryDelay = maxRetryDelay;
        this.onRetry = onRetry;
        this.sends = readYourSends ? new RecentSends() : null;
    }

    private static String version() {
        try (InputStream in = Transport.class.getResourceAsStream("mailroom-sdk.properties")) {
            java.util.Properties p = new java.util.Properties();
            if (in != null) {
                p.load(in);
            }
            String v = p.getProperty("version", "unknown");
            return v.startsWith("${") ? "unknown" : v;
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** A request to build: method, path, query, headers, body. */
    static final class Call {
        final String method;
        final String path;
        final Map<String, String> query = new LinkedHashMap<>();
        final Map<String, String> headers = new LinkedHashMap<>();
        Object body;
        String idempotencyKey;
        Duration extraTimeout = Duration.ZERO;
        String accept = "application/json";

        Call(String method, String path) {
            this.method = method;
            this.path = path;
        }

        Call query(String name, Object value) {
            if (value != null) {
                query.put(name, String.valueOf(value));
            }
            return this;
        }

        Call body(Object body) {
            this.body = body;
            return this;
        }

        Call idempotencyKey(String key) {
            this.idempotencyKey = key;
            return this;
        }

        Call header(String name, String value) {
            if (value != null) {
                headers.put(name, value);
            }
            return this;
        }

        Call accept(String accept) {
            this.accept = accept;
            return this;
        }

        Call extraTimeout(Duration d) {
            this.extraTimeout = d;
            return this;
        }
    }

    /** An answer: status, headers, body bytes. */
    record Answer(int status, HttpHeaders headers, byte[] body) {
        JsonObject json() {
            if (body.length == 0) {
                return JsonObject.empty();
            }
            Object v = Json.parse(body);
            return v instanceof Map<?, ?> m ? JsonObject.wrap(Json.cast(m)) : JsonObject.of(Map.of("value", v));
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** A path from a template and its parameters, each percent-encoded as one segment. */
    static String path(String template, Object... params) {
        StringBuilder out = new StringBuilder();
        int p = 0;
        int i = 0;
        while (i < template.length()) {
            char c = template.charAt(i);
            if (c == '{') {
                int end = template.indexOf('}', i);
                if (p >= params.length || params[p] == null) {
                    throw new IllegalArgumentException(template.substring(i + 1, end) + " is required");
                }
                out.append(encode(String.valueOf(params[p++])));
                i = end + 1;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    HttpRequest build(Call call, Duration extra) {
        StringBuilder uri = new StringBuilder(baseUrl).append(call.path);
        char sep = '?';
        for (Map.Entry<String, String> q : call.query.entrySet()) {
            uri.append(sep).append(encode(q.getKey())).append('=').append(encode(q.getValue()));
            sep = '&';
        }
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(uri.toString()))
                .timeout(timeout.plus(extra))
                .header("User-Agent", USER_AGENT)
                .header("Accept", call.accept);
        if (apiKey != null && !apiKey.isEmpty()) {
            b.header("Authorization", "Bearer " + apiKey);
        }
        if (call.idempotencyKey != null) {
            b.header("Idempotency-Key", call.idempotencyKey);
        }
        call.headers.forEach(b::header);
        if (call.body != null) {
            b.header("Content-Type", "application/json");
            b.method(call.method, HttpRequest.BodyPublishers.ofByteArray(Json.writeBytes(call.body)));
        } else {
            b.method(call.method, HttpRequest.BodyPublishers.noBody());
        }
        return b.build();
    }

    /** Sends {@code call} with retries; a 2xx answer, else throws. */
    Answer send(Call call) {
        return execute(call, HttpResponse.BodyHandlers.ofByteArray(),
                (r, body) -> new Answer(r.statusCode(), r.headers(), body));
    }

    /** Opens a streaming answer (server-sent events); retries only the opening; the caller closes the stream. */
    HttpResponse<InputStream> open(Call call) {
        return execute(call, HttpResponse.BodyHandlers.ofInputStream(), (r, body) -> r);
    }

    private interface Finish<B, R> {
        R apply(HttpResponse<B> response, B body);
    }

    private <B, R> R execute(Call call, HttpResponse.BodyHandler<B> handler, Finish<B, R> finish) {
        // the JDK client's timeout runs until the answer's headers: a stream's body may then flow for hours
        HttpRequest request = build(call, call.extraTimeout);
        boolean keyed = call.idempotencyKey != null;
        for (int attempt = 0;; attempt++) {
            MailroomException failure;
            int status = 0;
            Duration retryAfter = null;
            try {
                HttpResponse<B> response = http.send(request, handler);
                status = response.statusCode();
                if (status >= 200 && status < 300) {
                    return finish.apply(response, response.body());
                }
                byte[] bytes = readAll(response.body());
                retryAfter = Retries.parseRetryAfter(response.headers().firstValue("Retry-After").orElse(null),
                        Instant.now());
                failure = ApiException.of(status, problem(status, bytes), retryAfter);
                if (attempt >= maxRetries || !Retries.retryStatus(status, call.method, keyed)) {
                    throw failure;
                }
            } catch (HttpTimeoutException e) {
                failure = new ApiTimeoutException(call.method + " " + call.path + ": no answer within the timeout", e);
                if (attempt >= maxRetries || !Retries.retryNetworkFailure(call.method, keyed)) {
                    throw failure;
                }
            } catch (IOException e) {
                failure = new ApiConnectionException(call.method + " " + call.path + ": " + e, e);
                if (attempt >= maxRetries || !Retries.retryNetworkFailure(call.method, keyed)) {
                    throw failure;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ApiConnectionException(call.method + " " + call.path + ": interrupted", e);
            }
            Duration delay = Retries.delay(attempt, retryAfter, maxRetryDelay, ThreadLocalRandom.current()::nextDouble);
            if (onRetry != null) {
                onRetry.accept(new RetryEvent(attempt + 1, call.method, call.path, status, delay, failure));
            }
            sleep(delay);
        }
    }

    private static byte[] readAll(Object body) throws IOException {
        if (body instanceof byte[] b) {
            return b;
        }
        if (body instanceof InputStream in) {
            try (in) {
                return in.readNBytes(1 << 20);
            }
        }
        return new byte[0];
    }

    static JsonObject problem(int status, byte[] bytes) {
        if (bytes.length > 0) {
            try {
                Object v = Json.parse(bytes);
                if (v instanceof Map<?, ?> m) {
                    return JsonObject.wrap(Json.cast(m));
                }
            } catch (IllegalArgumentException notJson) {
                // an answer that is not problem+json (a proxy's page): keep its start as the detail
            }
        }
        String text = new String(bytes, 0, Math.min(bytes.length, 500), StandardCharsets.UTF_8).strip();
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("status", (long) status);
        p.put("title", "HTTP " + status);
        if (!text.isEmpty()) {
            p.put("detail", text);
        }
        return JsonObject.wrap(p);
    }

    static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiConnectionException("interrupted while waiting to retry", e);
        }
    }
}
