package dev.mailroom.egress.delivery;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.SSLContext;

import org.subethamail.smtp.AuthenticationHandler;
import org.subethamail.smtp.AuthenticationHandlerFactory;
import org.subethamail.smtp.MessageContext;
import org.subethamail.smtp.MessageHandler;
import org.subethamail.smtp.RejectException;
import org.subethamail.smtp.server.SMTPServer;
import org.subethamail.smtp.server.Session;
import org.subethamail.smtp.server.SessionHandler;

/**
 * A real SMTP server for the tests (SubEthaSMTP on a free loopback port) that records what it receives byte for
 * byte and counts sessions. Configure with the fluent setters, then {@link #start()}.
 */
final class TestSmtpServer implements AutoCloseable {

    /** A message as received. */
    record Received(String from, List<String> recipients, byte[] data, boolean tls, String authenticatedAs) {
    }

    /** Throws {@link RejectException} to refuse the value. */
    interface Check {
        void check(String value) throws RejectException;
    }

    final List<Received> messages = new CopyOnWriteArrayList<>();
    final AtomicInteger sessions = new AtomicInteger();
    final AtomicInteger active = new AtomicInteger();
    final AtomicInteger maxActive = new AtomicInteger();

    private Check rcptCheck = r -> {
    };
    private Check dataCheck = d -> {
    };
    private long dataDelayMs;
    private String greetingRejection;
    private SSLContext tls;
    private org.subethamail.smtp.server.SSLSocketCreator tlsSocketCreator;
    private AuthenticationHandlerFactory auth;
    private int connectionTimeoutMs = 60_000;
    private SMTPServer server;

    TestSmtpServer rejectRecipients(Check check) {
        this.rcptCheck = check;
        return this;
    }

    /** Runs on the received data (as text); throw RejectException to answer the final dot negatively. */
    TestSmtpServer checkData(Check check) {
        this.dataCheck = check;
        return this;
    }

    TestSmtpServer dataDelay(long ms) {
        this.dataDelayMs = ms;
        return this;
    }

    /** e.g. {@code "421 4.3.2 busy"}: sent as the greeting, then the connection is closed. */
    TestSmtpServer rejectSessions(int code, String text) {
        this.greetingRejection = code + " " + text;
        return this;
    }

    TestSmtpServer tls(SSLContext context) {
        this.tls = context;
        return this;
    }

    TestSmtpServer brokenTls() {
        this.tlsSocketCreator = socket -> {
            throw new IOException("no TLS today");
        };
        return this;
    }

    TestSmtpServer auth(AuthenticationHandlerFactory factory) {
        this.auth = factory;
        return this;
    }

    /** The server drops a session idle for this long. */
    TestSmtpServer connectionTimeout(int ms) {
        this.connectionTimeoutMs = ms;
        return this;
    }

    TestSmtpServer start() {
        SMTPServer.Builder builder = SMTPServer.port(0)
                .bindAddress(InetAddress.getLoopbackAddress())
                .hostName("test.invalid")
                .insertReceivedHeaders(false)
                .connectionTimeoutMs(connectionTimeoutMs)
                .sessionHandler(new Sessions())
                .messageHandlerFactory(Handler::new);
        if (tls != null) {
            builder.enableTLS().startTlsSocketFactory(tls);
        }
        if (tlsSocketCreator != null) {
            builder.enableTLS().startTlsSocketFactory(tlsSocketCreator);
        }
        if (auth != null) {
            builder.authenticationHandlerFactory(auth);
        }
        server = builder.build();
        server.start();
        return this;
    }

    int port() {
        return server.getPortAllocated();
    }

    SmtpEndpoint endpoint(TlsPolicy policy) {
        return new SmtpEndpoint("127.0.0.1", port(), policy, null, false);
    }

    @Override
    public void close() {
        if (server != null) {
            server.stop();
        }
    }

    private final class Sessions implements SessionHandler {
        @Override
        public SessionAcceptance accept(Session session) {
            sessions.incrementAndGet();
            if (greetingRejection != null) {
                int space = greetingRejection.indexOf(' ');
                return SessionAcceptance.failure(Integer.parseInt(greetingRejection.substring(0, space)),
                        greetingRejection.substring(space + 1));
            }
            maxActive.accumulateAndGet(active.incrementAndGet(), Math::max);
            return SessionAcceptance.success();
        }

        @Override
        public void onSessionEnd(Session session) {
            active.decrementAndGet();
        }
    }

    private final class Handler implements MessageHandler {
        private final MessageContext context;
        private String from;
        private final List<String> recipients = new ArrayList<>();

        Handler(MessageContext context) {
            this.context = context;
        }

        @Override
        public void from(String from) {
            this.from = from;
        }

        @Override
        public void recipient(String recipient) throws RejectException {
            rcptCheck.check(recipient);
            recipients.add(recipient);
        }

        @Override
        public String data(InputStream data) throws RejectException, IOException {
            byte[] bytes = data.readAllBytes();
            if (dataDelayMs > 0) {
                try {
                    Thread.sleep(dataDelayMs);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            dataCheck.check(new String(bytes, java.nio.charset.StandardCharsets.UTF_8));
            boolean tlsStarted = context instanceof Session s && s.isTLSStarted();
            Optional<AuthenticationHandler> authenticated = context.getAuthenticationHandler();
            messages.add(new Received(from, List.copyOf(recipients), bytes, tlsStarted,
                    authenticated.map(a -> String.valueOf(a.getIdentity())).orElse(null)));
            return null;
        }

        @Override
        public void done() {
        }
    }

    /** A server socket that accepts and never says anything, or says {@code script} once. */
    static final class RawServer implements AutoCloseable {
        private final java.net.ServerSocket socket;
        private final List<java.net.Socket> accepted = new CopyOnWriteArrayList<>();
        final AtomicInteger connections = new AtomicInteger();

        RawServer(byte[] script) throws IOException {
            socket = new java.net.ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread t = new Thread(() -> {
                while (!socket.isClosed()) {
                    try {
                        java.net.Socket s = socket.accept();
                        connections.incrementAndGet();
                        accepted.add(s);
                        if (script != null) {
                            s.getOutputStream().write(script);
                            s.getOutputStream().flush();
                        }
                    } catch (IOException e) {
                        // closed, or the client went away while we wrote
                    }
                }
            }, "raw-smtp-server");
            t.setDaemon(true);
            t.start();
        }

        int port() {
            return socket.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            socket.close();
            for (java.net.Socket s : accepted) {
                s.close();
            }
        }
    }

}
