package dev.mailroom.sdk;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * Reads server-sent events (the WHATWG event-stream format): {@code id:}, {@code event:}, {@code data:} lines (several
 * data lines joined with newlines), comments ({@code :keep-alive}) skipped, an event dispatched at a blank line.
 * Pure logic over a stream; not thread-safe.
 */
final class Sse implements AutoCloseable {

    /** One event; {@code id} is {@code null} when the event set none. */
    record Event(String id, String event, String data) {
    }

    private final BufferedReader in;

    Sse(InputStream in) {
        this.in = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    }

    /** The next complete event with data, or {@code null} at the end of the stream. */
    Event next() throws IOException {
        String id = null;
        String event = null;
        StringBuilder data = null;
        String line;
        while ((line = in.readLine()) != null) {
            if (line.isEmpty()) {
                if (data != null) {
                    return new Event(id, event, data.toString());
                }
                id = null;
                event = null;
                continue;
            }
            if (line.startsWith(":")) {
                continue;
            }
            int colon = line.indexOf(':');
            String field = colon < 0 ? line : line.substring(0, colon);
            String value = colon < 0 ? "" : line.substring(colon + 1);
            if (value.startsWith(" ")) {
                value = value.substring(1);
            }
            switch (field) {
                case "id" -> id = value;
                case "event" -> event = value;
                case "data" -> {
                    if (data == null) {
                        data = new StringBuilder(value);
                    } else {
                        data.append('\n').append(value);
                    }
                }
                default -> {
                    // retry and unknown fields: ignored
                }
            }
        }
        return null; // an event cut off by the end of the stream is not dispatched (it may be incomplete)
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
