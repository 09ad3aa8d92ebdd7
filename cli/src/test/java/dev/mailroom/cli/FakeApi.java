package dev.mailroom.cli;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/** A real HTTP server (the JDK's) answering canned responses per "METHOD /path"; records what it received. */
final class FakeApi implements AutoCloseable {

    record Answer(int status, String contentType, String body, Map<String, String> headers) {
        static Answer json(int status, String body) {
            return new Answer(status, status >= 400 ? "application/problem+json" : "application/json", body, Map.of());
        }
    }

    record Received(String method, String path, Map<String, List<String>> headers, String body) {
    }

    private final HttpServer server;
    final Map<String, Function<Received, Answer>> routes = new ConcurrentHashMap<>();
    final List<Received> received = new CopyOnWriteArrayList<>();

    FakeApi() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    FakeApi on(String route, Function<Received, Answer> answer) {
        routes.put(route, answer);
        return this;
    }

    FakeApi on(String route, int status, String body) {
        return on(route, r -> Answer.json(status, body));
    }

    private void handle(HttpExchange x) throws IOException {
        String body = new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Received r = new Received(x.getRequestMethod(), x.getRequestURI().getPath(), Map.copyOf(x.getRequestHeaders()),
                body);
        received.add(r);
        Function<Received, Answer> route = routes.get(r.method() + " " + r.path());
        Answer a = route == null ? Answer.json(404, "{\"title\":\"Not found\",\"status\":404,\"detail\":\"no route\"}")
                : route.apply(r);
        byte[] bytes = a.body() == null ? new byte[0] : a.body().getBytes(StandardCharsets.UTF_8);
        if (a.contentType() != null) {
            x.getResponseHeaders().add("Content-Type", a.contentType());
        }
        a.headers().forEach((k, v) -> x.getResponseHeaders().add(k, v));
        x.sendResponseHeaders(a.status(), bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            x.getResponseBody().write(bytes);
        }
        x.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
