package dev.mailroom.e2e;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPInputStream;

import com.sun.net.httpserver.HttpServer;

/**
 * A minimal OTLP/HTTP traces receiver ({@code POST /v1/traces}, protobuf): keeps every request body so a test can
 * ask which span names were exported in a trace. The services export to it when the stack runs with
 * {@code MAILROOM_OTLP_ENDPOINT} pointing here and protocol {@code http/protobuf}.
 */
final class OtlpReceiver implements AutoCloseable {

    private final HttpServer server;
    private final List<byte[]> bodies = new CopyOnWriteArrayList<>();

    OtlpReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/traces", exchange -> {
            try (InputStream raw = exchange.getRequestBody()) {
                InputStream in = "gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))
                        ? new GZIPInputStream(raw) : raw;
                ByteArrayOutputStream body = new ByteArrayOutputStream();
                in.transferTo(body);
                bodies.add(body.toByteArray());
            }
            exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
            exchange.sendResponseHeaders(200, -1); // an empty ExportTraceServiceResponse
            exchange.close();
        });
        server.start();
    }

    String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /**
     * Whether a span named {@code name} of trace {@code traceId} (32 hex digits) was exported. Reads the protobuf
     * {@code Span} by hand: field 1 ({@code trace_id}, 16 bytes) opens it, field 5 ({@code name}) follows within its
     * first fields (span id, trace state, parent span id).
     */
    boolean hasSpan(String traceId, String name) {
        byte[] trace = HexFormat.of().parseHex(traceId);
        byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
        for (byte[] body : bodies) {
            for (int i = 0; i + 18 <= body.length; i++) {
                if (body[i] != 0x0A || body[i + 1] != 0x10 || !regionEquals(body, i + 2, trace)) {
                    continue;
                }
                int p = i + 18;
                while (p + 1 < body.length && p < i + 18 + 600) {
                    int tag = body[p] & 0xFF;
                    int len = body[p + 1] & 0xFF; // short fields only: ids, a short trace state, names
                    if (len >= 0x80) {
                        break;
                    }
                    if (tag == 0x2A) {
                        if (len == nameBytes.length && regionEquals(body, p + 2, nameBytes)) {
                            return true;
                        }
                        break;
                    }
                    if (tag != 0x12 && tag != 0x1A && tag != 0x22) {
                        break;
                    }
                    p += 2 + len;
                }
            }
        }
        return false;
    }

    private static boolean regionEquals(byte[] body, int offset, byte[] expected) {
        if (offset + expected.length > body.length) {
            return false;
        }
        for (int j = 0; j < expected.length; j++) {
            if (body[offset + j] != expected[j]) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
