package dev.mailroom.ingress.smtp;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/** A raw-socket SMTP client for tests: sends exactly the bytes it is given and returns each full reply. */
final class SmtpClient implements Closeable {

    private Socket socket;
    private BufferedReader in;
    private OutputStream out;

    /** The reply to {@code RCPT TO:<address>} in a new session (greeting, EHLO, MAIL FROM first). */
    static String rcpt(int port, String address) throws IOException {
        try (SmtpClient client = new SmtpClient(port)) {
            client.reply();
            client.command("EHLO client.example");
            client.command("MAIL FROM:<ann@example.org>");
            return client.command("RCPT TO:<" + address + ">");
        }
    }

    SmtpClient(int port) throws IOException {
        this(port, "127.0.0.1");
    }

    /** Connects from the local address {@code from} (any 127.x.y.z works on Linux loopback). */
    SmtpClient(int port, String from) throws IOException {
        socket = new Socket();
        socket.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
        socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
        socket.setSoTimeout(60_000);
        attach(socket);
    }

    private void attach(Socket s) throws IOException {
        in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
        out = s.getOutputStream();
    }

    /** Sends STARTTLS and, on 220, does the TLS handshake over the same socket, trusting any certificate. */
    String startTls() throws Exception {
        String reply = command("STARTTLS");
        if (!reply.startsWith("220")) {
            return reply;
        }
        SSLContext trustAll = SSLContext.getInstance("TLS");
        trustAll.init(null, new TrustManager[] { new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        } }, null);
        SSLSocket tls = (SSLSocket) trustAll.getSocketFactory().createSocket(socket, "127.0.0.1",
                socket.getPort(), true);
        tls.setUseClientMode(true);
        tls.startHandshake();
        socket = tls;
        attach(tls);
        return reply;
    }

    /** EHLO, then STARTTLS and the handshake: true when TLS is up. */
    boolean startTlsAfterEhlo() throws Exception {
        write("EHLO client.example\r\n");
        fullReply();
        return startTls().startsWith("220") && socket instanceof SSLSocket;
    }

    /** The negotiated TLS protocol, or null on a plain socket. */
    String tlsProtocol() {
        return socket instanceof SSLSocket s ? s.getSession().getProtocol() : null;
    }

    /** True when the server closed the connection: nothing more to read. */
    boolean closedByServer() throws IOException {
        return in.readLine() == null;
    }

    /** QUIT, waits until the server closed the connection (its session has ended by then), then closes. */
    void quit() throws IOException {
        command("QUIT");
        while (in.readLine() != null) {
            // drain
        }
        close();
    }

    /** Reads all lines of one (possibly multi-line) reply, joined by newlines. */
    String fullReply() throws IOException {
        StringBuilder all = new StringBuilder();
        String line;
        do {
            line = in.readLine();
            if (line == null) {
                throw new IOException("connection closed by server");
            }
            all.append(line).append('\n');
        } while (line.length() > 3 && line.charAt(3) == '-');
        return all.toString();
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
