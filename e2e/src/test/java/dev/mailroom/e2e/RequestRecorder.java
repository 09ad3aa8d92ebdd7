package dev.mailroom.e2e;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpServer;

/**
 * A web server on a free loopback port that records every request it gets (method and path) and answers each with a
 * 1×1 PNG: the "remote" host a hostile message tries to reach (tracking pixels, CSS exfiltration, form targets).
 */
final class RequestRecorder implements AutoCloseable {

    private static final byte[] PNG = java.util.HexFormat.of().parseHex("89504e470d0a1a0a0000000d494844520000000100"
            + "00000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a2e4a2f70000000049454e44ae426082");

    final int port = Stack.freePort();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final HttpServer server;

    RequestRecorder() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.createContext("/", exchange -> {
            requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath());
            exchange.getResponseHeaders().add("Content-Type", "image/png");
            exchange.sendResponseHeaders(200, PNG.length);
            exchange.getResponseBody().write(PNG);
            exchange.close();
        });
        server.start();
    }

    /** {@code http://127.0.0.1:<port>}. */
    String origin() {
        return "http://127.0.0.1:" + port;
    }

    /** Every request so far, as {@code "GET /path"}, in arrival order. */
    List<String> requests() {
        return List.copyOf(requests);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
