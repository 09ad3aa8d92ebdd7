package dev.mailroom.stack;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

import org.apache.kafka.common.header.Headers;

/** W3C trace context for tests that put a record in a trace and look for that trace downstream. */
public final class TestTraces {

    private TestTraces() {
    }

    /** A random, valid trace id (32 hex digits). */
    public static String newTraceId() {
        return randomHex(16);
    }

    /** Adds a sampled {@code traceparent} of trace {@code traceId} (with a random parent span) to {@code headers}. */
    public static Headers withTraceparent(Headers headers, String traceId) {
        return headers.add("traceparent", ("00-" + traceId + "-" + randomHex(8) + "-01")
                .getBytes(StandardCharsets.UTF_8));
    }

    private static String randomHex(int bytes) {
        byte[] b = new byte[bytes];
        ThreadLocalRandom.current().nextBytes(b);
        b[0] |= 1; // never all zero (an invalid id)
        return HexFormat.of().formatHex(b);
    }
}
