package dev.mailroom.egress.delivery;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

import org.jboss.logging.Logger;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;

/**
 * One SMTP connection: writes commands, matches replies to them in order, enforces the reply time limit, and knows
 * what the server advertised in EHLO. Every method must run on the connection's {@link #context} (the event loop
 * of its socket); failures close the socket and fail what is pending, nothing is thrown.
 */
final class SmtpConnection {

    private static final Logger LOG = Logger.getLogger(SmtpConnection.class);
    private static final int CHUNK = 64 * 1024;
    private static final int MAX_UNCLAIMED = 16;
    static final long QUIT_TIMEOUT_MS = 10_000;

    final Vertx vertx;
    final Context context;
    final NetSocket socket;
    final SmtpEndpoint endpoint;
    final String hostPort;
    private final long commandTimeoutMs;
    private final ReplyParser parser = new ReplyParser();
    private final ArrayDeque<Pending> pending = new ArrayDeque<>();
    private final ArrayDeque<SmtpReply> unclaimed = new ArrayDeque<>();
    private Consumer<SmtpConnection> closeListener = c -> {
    };

    private Map<String, String> extensions = Map.of();
    private boolean enhancedStatusCodes;
    private boolean tls;
    private boolean closed;
    private boolean quitting;
    private Throwable failure;
    private Promise<Void> writing;
    private long writeTimer = -1;

    /** Set by the pool while the connection waits for reuse; a reply then closes it (e.g. 421 on shutdown). */
    volatile boolean idle;
    /** The pool's idle timer, or -1. */
    long idleTimer = -1;

    private record Pending(Promise<SmtpReply> promise, String what, long timer) {
    }

    SmtpConnection(Vertx vertx, Context context, NetSocket socket, SmtpEndpoint endpoint, long commandTimeoutMs) {
        this.vertx = vertx;
        this.context = context;
        this.socket = socket;
        this.endpoint = endpoint;
        this.hostPort = endpoint.hostPort();
        this.commandTimeoutMs = commandTimeoutMs;
        socket.handler(this::received);
        socket.exceptionHandler(t -> fail(t instanceof IOException ? t : new IOException(String.valueOf(t), t)));
        socket.closeHandler(v -> fail(new IOException("connection closed by the server")));
    }

    void onClose(Consumer<SmtpConnection> listener) {
        this.closeListener = listener;
    }

    /** Not closed, not closing: may carry another transaction. */
    boolean usable() {
        return !closed && !quitting;
    }

    boolean tls() {
        return tls;
    }

    /** Whether EHLO advertised {@code keyword} (upper case). */
    boolean offers(String keyword) {
        return extensions.containsKey(keyword);
    }

    /** The parameters EHLO gave with {@code keyword}, or {@code null}. */
    String parameters(String keyword) {
        return extensions.get(keyword);
    }

    /** Takes the extensions from an EHLO reply ({@code null}: HELO was used, no extensions). */
    void extensions(SmtpReply ehlo) {
        Map<String, String> found = new HashMap<>();
        if (ehlo != null) {
            String[] lines = ehlo.text().split("\n");
            for (int i = 1; i < lines.length; i++) {
                String line = lines[i].trim();
                int space = line.indexOf(' ');
                String keyword = (space < 0 ? line : line.substring(0, space)).toUpperCase(Locale.ROOT);
                String params = space < 0 ? "" : line.substring(space + 1).trim();
                if (keyword.startsWith("AUTH=")) {
                    params = (keyword.substring(5) + " " + params).trim();
                    keyword = "AUTH";
                }
                found.merge(keyword, params, (a, b) -> (a + " " + b).trim());
            }
        }
        extensions = found;
        enhancedStatusCodes = found.containsKey("ENHANCEDSTATUSCODES");
    }

    /** Waits for the next reply. */
    Future<SmtpReply> expect(String what) {
        return expect(what, commandTimeoutMs);
    }

    private Future<SmtpReply> expect(String what, long timeoutMs) {
        if (closed) {
            return Future.failedFuture(closedCause());
        }
        Promise<SmtpReply> promise = Promise.promise();
        long timer = vertx.setTimer(timeoutMs, id -> fail(
                new IOException("time-out: no reply to " + what + " within " + timeoutMs + " ms")));
        pending.add(new Pending(promise, what, timer));
        dispatch();
        return promise.future();
    }

    /** Sends one command line and waits for its reply. */
    Future<SmtpReply> command(String line) {
        return command(line, line);
    }

    /** As {@link #command(String)}, logging {@code shown} instead of the line (for secrets). */
    Future<SmtpReply> command(String line, String shown) {
        if (closed) {
            return Future.failedFuture(closedCause());
        }
        LOG.debugf("%s C: %s", hostPort, shown);
        Future<SmtpReply> reply = expect(verb(shown));
        write(Buffer.buffer(line + "\r\n"));
        return reply;
    }

    /** Sends several commands in one write (PIPELINING, RFC 2920) and returns their replies in order. */
    List<Future<SmtpReply>> pipeline(List<String> lines) {
        List<Future<SmtpReply>> replies = new ArrayList<>(lines.size());
        if (closed) {
            lines.forEach(l -> replies.add(Future.failedFuture(closedCause())));
            return replies;
        }
        Buffer batch = Buffer.buffer();
        for (String line : lines) {
            LOG.debugf("%s C: %s", hostPort, line);
            replies.add(expect(verb(line)));
            batch.appendString(line).appendString("\r\n");
        }
        write(batch);
        return replies;
    }

    /**
     * Sends the dot-stuffed message body, respecting the socket's back-pressure; each stall may last at most the
     * command time limit.
     */
    Future<Void> writeData(byte[] stuffed) {
        if (closed) {
            return Future.failedFuture(closedCause());
        }
        writing = Promise.promise();
        Promise<Void> done = writing;
        pump(stuffed, 0);
        return done.future();
    }

    /** Sends the final {@code .CRLF} of the data. */
    void writeEndOfData() {
        write(Buffer.buffer(".\r\n"));
    }

    private void pump(byte[] data, int offset) {
        while (offset < data.length) {
            if (closed) {
                return;
            }
            if (socket.writeQueueFull()) {
                int resumeAt = offset;
                writeTimer = vertx.setTimer(commandTimeoutMs, id -> fail(new IOException(
                        "time-out: the server did not read the message for " + commandTimeoutMs + " ms")));
                socket.drainHandler(v -> {
                    socket.drainHandler(null);
                    vertx.cancelTimer(writeTimer);
                    writeTimer = -1;
                    pump(data, resumeAt);
                });
                return;
            }
            int n = Math.min(CHUNK, data.length - offset);
            write(Buffer.buffer(n).appendBytes(data, offset, n));
            offset += n;
        }
        Promise<Void> done = writing;
        writing = null;
        if (done != null) {
            done.tryComplete();
        }
    }

    /** Switches to TLS after a 220 to STARTTLS; refuses if the server sent anything after that reply. */
    Future<Void> upgradeToTls(String serverName) {
        if (closed) {
            return Future.failedFuture(closedCause());
        }
        if (parser.buffered() > 0 || !unclaimed.isEmpty() || !pending.isEmpty()) {
            IOException e = new IOException("the server sent data after its STARTTLS reply (injection attempt?)");
            fail(e);
            return Future.failedFuture(e);
        }
        Future<Void> upgraded = serverName == null ? socket.upgradeToSsl() : socket.upgradeToSsl(serverName);
        return upgraded.onSuccess(v -> {
            tls = true;
            extensions = Map.of();
            enhancedStatusCodes = false;
        });
    }

    /** Sends QUIT, closes after the reply or a short time; the connection is unusable at once. */
    Future<Void> quit() {
        if (closed || quitting) {
            return Future.succeededFuture();
        }
        quitting = true;
        LOG.debugf("%s C: QUIT", hostPort);
        Future<SmtpReply> reply = expect("QUIT", Math.min(commandTimeoutMs, QUIT_TIMEOUT_MS));
        write(Buffer.buffer("QUIT\r\n"));
        return reply.transform(ar -> {
            close();
            return Future.<Void>succeededFuture();
        });
    }

    /** Closes without QUIT. */
    void close() {
        fail(new IOException("connection closed"), false);
    }

    private void write(Buffer buffer) {
        socket.write(buffer).onFailure(t -> fail(t instanceof IOException ? t : new IOException(t.getMessage(), t)));
    }

    private void received(Buffer buffer) {
        if (closed) {
            return;
        }
        try {
            // all replies of the batch become visible before any is handed out, so that a STARTTLS reply followed
            // by injected plaintext replies is detected (upgradeToTls)
            for (ReplyParser.RawReply raw : parser.feed(buffer.getBytes())) {
                SmtpReply reply = raw.toReply(enhancedStatusCodes);
                LOG.debugf("%s S: %s", hostPort, reply);
                unclaimed.add(reply);
            }
        } catch (IOException e) {
            fail(e);
            return;
        }
        if (idle && !unclaimed.isEmpty()) {
            fail(new IOException("unexpected reply while idle: " + unclaimed.peek()));
            return;
        }
        dispatch();
        if (unclaimed.size() > MAX_UNCLAIMED) {
            fail(new IOException("too many unexpected replies"));
        }
    }

    /** Hands replies to the commands waiting for them, in order. */
    private void dispatch() {
        while (!closed && !pending.isEmpty() && !unclaimed.isEmpty()) {
            Pending next = pending.poll();
            vertx.cancelTimer(next.timer());
            next.promise().complete(unclaimed.poll());
        }
    }

    void fail(Throwable cause) {
        fail(cause, true);
    }

    private void fail(Throwable cause, boolean log) {
        if (closed) {
            return;
        }
        closed = true;
        failure = cause;
        if (log && !quitting) {
            LOG.debugf("%s closing: %s", hostPort, cause.getMessage());
        }
        if (writeTimer >= 0) {
            vertx.cancelTimer(writeTimer);
        }
        Promise<Void> w = writing;
        writing = null;
        if (w != null) {
            w.tryFail(cause);
        }
        Pending p;
        while ((p = pending.poll()) != null) {
            vertx.cancelTimer(p.timer());
            p.promise().tryFail(cause);
        }
        socket.close();
        closeListener.accept(this);
    }

    private Throwable closedCause() {
        return failure != null ? failure : new IOException("connection closed");
    }

    private static String verb(String line) {
        int space = line.indexOf(' ');
        String verb = space < 0 ? line : line.substring(0, space);
        if (verb.equalsIgnoreCase("MAIL") || verb.equalsIgnoreCase("RCPT")) {
            int colon = line.indexOf(':');
            return colon < 0 ? line : line.substring(0, Math.min(line.length(), colon + 1)) + "...";
        }
        return verb;
    }
}
