package dev.mailroom.ingress.smtp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The output side of a client connection: passes SubEthaSMTP's replies through
 * {@link EnhancedStatusCodes#rewrite}, line by line (a line ends at LF; its bytes, CR included, are kept as they
 * are). A partial line is held until its end, whatever the writes and flushes; a "line" longer than
 * {@link #MAX_LINE} is passed on unchanged. Rewritten lines are collected and written to the socket at
 * {@link #flush()} (SubEthaSMTP flushes after every reply), so that one reply is one write (one TLS record).
 */
final class ReplyFilter extends OutputStream {

    /** Longer than any reply line (RFC 5321: 512 octets). */
    static final int MAX_LINE = 2048;

    /** Per connection, shared by the plain and the TLS socket: the verb of the command being answered, or null. */
    static final class State {
        private volatile String verb;

        void answering(String verb) {
            this.verb = verb;
        }

        String verb() {
            return verb;
        }
    }

    private final OutputStream out;
    private final State state;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream(128);
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream(512);
    private boolean passing;

    ReplyFilter(OutputStream out, State state) {
        this.out = out;
        this.state = state;
    }

    @Override
    public synchronized void write(int b) throws IOException {
        if (passing) {
            pending.write(b);
            passing = b != '\n';
        } else {
            line.write(b);
            if (b == '\n') {
                endLine();
            } else if (line.size() > MAX_LINE) {
                line.writeTo(pending);
                line.reset();
                passing = true;
            }
        }
        if (pending.size() >= 8192) {
            drain();
        }
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) throws IOException {
        for (int i = off; i < off + len; i++) {
            write(b[i]);
        }
    }

    private void endLine() {
        String raw = line.toString(StandardCharsets.ISO_8859_1);
        line.reset();
        int end = raw.length() - 1;
        if (end > 0 && raw.charAt(end - 1) == '\r') {
            end--;
        }
        String rewritten = EnhancedStatusCodes.rewrite(state.verb(), raw.substring(0, end)) + raw.substring(end);
        pending.writeBytes(rewritten.getBytes(StandardCharsets.ISO_8859_1));
    }

    private void drain() throws IOException {
        if (pending.size() > 0) {
            pending.writeTo(out);
            pending.reset();
        }
    }

    @Override
    public synchronized void flush() throws IOException {
        drain();
        out.flush();
    }

    @Override
    public synchronized void close() throws IOException {
        try {
            line.writeTo(pending);
            line.reset();
            flush();
        } finally {
            out.close();
        }
    }
}
