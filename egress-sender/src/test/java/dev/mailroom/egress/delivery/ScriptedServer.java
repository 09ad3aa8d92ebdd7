package dev.mailroom.egress.delivery;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A tiny SMTP server whose replies a test writes: it sends {@code 220} and then, for every command line, what the
 * {@link Script} returns (raw, CRLFs included; {@code null} for no reply). After a {@code 354} it collects the data
 * up to the final dot and passes {@code "."} to the script. Records every line it received.
 */
final class ScriptedServer implements AutoCloseable {

    interface Script {
        /** @param unread the rest of the input, to see what the client already sent (pipelining) */
        String reply(String line, InputStream unread) throws Exception;
    }

    final List<String> lines = new CopyOnWriteArrayList<>();
    private final ServerSocket socket;
    private final List<Socket> accepted = new CopyOnWriteArrayList<>();

    ScriptedServer(Script script) throws IOException {
        socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread t = new Thread(() -> {
            while (!socket.isClosed()) {
                try {
                    Socket s = socket.accept();
                    accepted.add(s);
                    Thread session = new Thread(() -> serve(s, script), "scripted-smtp-session");
                    session.setDaemon(true);
                    session.start();
                } catch (IOException e) {
                    // closed
                }
            }
        }, "scripted-smtp-server");
        t.setDaemon(true);
        t.start();
    }

    private void serve(Socket s, Script script) {
        try (s) {
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            out.write("220 scripted ESMTP\r\n".getBytes(StandardCharsets.US_ASCII));
            boolean data = false;
            String line;
            while ((line = readLine(in)) != null) {
                lines.add(line);
                if (data && !line.equals(".")) {
                    continue;
                }
                data = false;
                String reply = script.reply(line, in);
                if (reply != null) {
                    out.write(reply.getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    data = reply.startsWith("354");
                }
            }
        } catch (Exception e) {
            // the client went away
        }
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            if (b == '\n') {
                String s = line.toString(StandardCharsets.UTF_8);
                return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
            }
            line.write(b);
        }
        return null;
    }

    int port() {
        return socket.getLocalPort();
    }

    SmtpEndpoint endpoint(TlsPolicy policy) {
        return new SmtpEndpoint("127.0.0.1", port(), policy, null, true);
    }

    @Override
    public void close() throws IOException {
        socket.close();
        for (Socket s : accepted) {
            s.close();
        }
    }
}
