package dev.mailroom.ingress.smtp;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** A raw-socket SMTP client for tests: sends exactly the bytes it is given and returns each full reply. */
final class SmtpClient implements Closeable {

    private final Socket socket;
    private final BufferedReader in;
    private final OutputStream out;

    SmtpClient(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(60_000);
        in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
        out = socket.getOutputStream();
    }

    /** Reads one (possibly multi-line) reply and returns its last line, e.g. {@code 250 2.0.0 Ok}. */
    String reply() throws IOException {
        String line;
        do {
            line = in.readLine();
            if (line == null) {
                throw new IOException("connection closed by server");
            }
        } while (line.length() > 3 && line.charAt(3) == '-');
        return line;
    }

    /** Sends one command line (CRLF appended) and returns the reply. */
    String command(String line) throws IOException {
        write(line + "\r\n");
        return reply();
    }

    void write(String raw) throws IOException {
        out.write(raw.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    /** A whole transaction up to the end of DATA; returns the final reply. */
    String send(String from, String[] rcpts, String message) throws IOException {
        String r = command("MAIL FROM:<" + from + ">");
        if (!r.startsWith("250")) {
            return r;
        }
        for (String rcpt : rcpts) {
            r = command("RCPT TO:<" + rcpt + ">");
            if (!r.startsWith("250")) {
                return r;
            }
        }
        r = command("DATA");
        if (!r.startsWith("354")) {
            return r;
        }
        write(message + "\r\n.\r\n");
        return reply();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
