package dev.mailroom.sdk;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.Function;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpServer;

/** A real local HTTP server (the JDK's) that records every request and answers with a function of it. */
final class RecordingServer implements AutoCloseable {

    record Request(String method, String path, String rawQuery, Headers headers, byte[] body) {
        String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }

        JsonObject json() {
            return JsonObject.parse(bodyText());
        }

        String header(String name) {
            return headers.getFirst(name);
        }

        String query(String name) {
            if (rawQuery == null) {
                return null;
            }
            for (String pair : rawQuery.split("&")) {
                int eq = pair.indexOf('=');
                if (java.net.URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8).equals(name)) {
                    return java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                }
            }
            return null;
        }
    }

    record Answer(int status, Map<String, String> headers, byte[] body) {
        static Answer json(int status, String json) {
            return new Answer(status, Map.of("Content-Type", "application/json"), json.getBytes(StandardCharsets.UTF_8));
        }

        static Answer problem(int status, String json, Map<String, String> extra) {
            Map<String, String> h = new java.util.HashMap<>(extra);
            h.put("Content-Type", "application/problem+json");
            return new Answer(status, h, json.getBytes(StandardCharsets.UTF_8));
        }

        static Answer text(int status, String type, String text) {
            return new Answer(status, Map.of("Content-Type", type), text.getBytes(StandardCharsets.UTF_8));
        }
    }

    final List<Request> requests = new CopyOnWriteArrayList<>();
    private final HttpServer server;
    private volatile Function<Request, Answer> answer;

    RecordingServer(Function<Request, Answer> answer) throws IOException {
        this.answer = answer;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", exchange -> {
            try (exchange) {
                byte[] body;
                try (InputStream in = exchange.getRequestBody()) {
                    body = in.readAllBytes();
                }
                Request r = new Request(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                        exchange.getRequestURI().getRawQuery(), exchange.getRequestHeaders(), body);
                requests.add(r);
                Answer a = this.answer.apply(r);
                a.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
                exchange.sendResponseHeaders(a.status(), a.body().length == 0 ? -1 : a.body().length);
                if (a.body().length > 0) {
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write(a.body());
                    }
                }
            }
        });
        server.start();
    }

    void answer(Function<Request, Answer> answer) {
        this.answer = answer;
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    Mailroom client() {
        return Mailroom.builder().apiKey("mr_test").baseUrl(url()).maxRetryDelay(java.time.Duration.ofMillis(50))
                .build();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
