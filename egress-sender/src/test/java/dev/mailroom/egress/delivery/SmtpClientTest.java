package dev.mailroom.egress.delivery;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.subethamail.smtp.RejectException;
import org.subethamail.smtp.auth.LoginAuthenticationHandlerFactory;
import org.subethamail.smtp.auth.LoginFailedException;
import org.subethamail.smtp.auth.PlainAuthenticationHandlerFactory;
import org.subethamail.smtp.auth.UsernamePasswordValidator;

import io.vertx.core.Vertx;

/** {@link SmtpClient} against real SMTP servers on loopback. */
class SmtpClientTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private Vertx vertx;
    private final List<AutoCloseable> resources = new ArrayList<>();

    @BeforeEach
    void setUp() {
        vertx = Vertx.vertx();
    }

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable r : resources) {
            r.close();
        }
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private <T extends AutoCloseable> T use(T resource) {
        resources.add(resource);
        return resource;
    }

    private SmtpClient client(Duration commandTimeout, int maxPerEndpoint) {
        return use(new SmtpClient(vertx, new SmtpClientOptions("client.test", Duration.ofSeconds(5), commandTimeout,
                maxPerEndpoint, Duration.ofSeconds(30))));
    }

    private SmtpClient client() {
        return client(Duration.ofSeconds(10), 4);
    }

    static byte[] message(String body) {
        return ("From: a@sender.test\r\nTo: b@example.test\r\nSubject: test\r\n\r\n" + body)
                .getBytes(StandardCharsets.UTF_8);
    }

    static MailTransaction tx(byte[] data, String... recipients) {
        return new MailTransaction("a@sender.test", List.of(recipients), data, false, null);
    }

    private static SmtpFailure failure(io.smallrye.mutiny.Uni<?> uni) {
        Throwable thrown = assertThrows(Throwable.class, () -> uni.await().atMost(WAIT));
        Throwable t = thrown instanceof CompletionException && thrown.getCause() != null ? thrown.getCause() : thrown;
        assertTrue(t instanceof SmtpFailure, () -> "expected SmtpFailure, got " + t);
        return (SmtpFailure) t;
    }

    @Test
    void sendsTheExactBytesDotStuffed() {
        TestSmtpServer server = use(new TestSmtpServer().start());
        SmtpClient client = client();
        byte[] data = message(".starts with a dot\r\n..two dots\r\nmiddle . dot\r\n.\r\nlast line\r\n");

        TransactionResult result = client.send(server.endpoint(TlsPolicy.NONE), tx(data, "b@example.test"))
                .await().atMost(WAIT);

        assertEquals(250, result.finalReply().code());
        assertEquals("127.0.0.1:" + server.port(), result.host());
        assertFalse(result.tls());
        assertEquals(1, server.messages.size());
        TestSmtpServer.Received received = server.messages.get(0);
        assertEquals("a@sender.test", received.from());
        assertEquals(List.of("b@example.test"), received.recipients());
        assertArrayEquals(data, received.data(), () -> new String(received.data(), StandardCharsets.UTF_8));
    }

    @Test
    void sendsALargeMessageWithBackPressure() {
        TestSmtpServer server = use(new TestSmtpServer().start());
        StringBuilder body = new StringBuilder();
        for (int i = 0; body.length() < 6_000_000; i++) {
            body.append(i % 7 == 0 ? "." : "").append("line ").append(i).append(" ").append("z".repeat(70)).append("\r\n");
        }
        byte[] data = message(body.toString());

        TransactionResult result = client().send(server.endpoint(TlsPolicy.NONE), tx(data, "b@example.test"))
                .await().atMost(Duration.ofSeconds(60));

        assertEquals(250, result.finalReply().code());
        assertArrayEquals(data, server.messages.get(0).data());
    }

    @Test
    void addsTheMissingFinalCrlf() {
        TestSmtpServer server = use(new TestSmtpServer().start());
        byte[] data = message("no line end at the end");

        client().send(server.endpoint(TlsPolicy.NONE), tx(data, "b@example.test")).await().atMost(WAIT);

        String received = new String(server.messages.get(0).data(), StandardCharsets.UTF_8);
        assertEquals(new String(data, StandardCharsets.UTF_8) + "\r\n", received);
    }

    @Test
    void reportsEachRecipientsReply() {
        TestSmtpServer server = use(new TestSmtpServer().rejectRecipients(r -> {
            if (r.startsWith("unknown")) {
                throw new RejectException(550, "5.1.1 no such user");
            }
        }).start());

        TransactionResult result = client().send(server.endpoint(TlsPolicy.NONE),
                tx(message("hi\r\n"), "one@example.test", "unknown@example.test", "two@example.test"))
                .await().atMost(WAIT);

        assertEquals(List.of("one@example.test", "unknown@example.test", "two@example.test"),
                List.copyOf(result.recipientReplies().keySet()));
        assertEquals(550, result.recipientReplies().get("unknown@example.test").code());
        assertEquals(550, result.replyFor("unknown@example.test").code());
        assertEquals(250, result.replyFor("one@example.test").code());
        assertEquals(List.of("one@example.test", "two@example.test"), server.messages.get(0).recipients());
    }

    @Test
    void sendsNoDataWhenNoRecipientIsAccepted() {
        TestSmtpServer server = use(new TestSmtpServer().rejectRecipients(r -> {
            throw new RejectException(550, "no");
        }).start());

        TransactionResult result = client().send(server.endpoint(TlsPolicy.NONE), tx(message("x\r\n"), "b@example.test"))
                .await().atMost(WAIT);

        assertNull(result.finalReply());
        assertEquals(550, result.replyFor("b@example.test").code());
        assertTrue(server.messages.isEmpty());
    }

    @Test
    void usesStartTlsWhenOffered() throws Exception {
        TestSmtpServer server = use(new TestSmtpServer().tls(TestTls.serverContext()).start());

        TransactionResult result = client().send(server.endpoint(TlsPolicy.OPPORTUNISTIC),
                tx(message("secret\r\n"), "b@example.test")).await().atMost(WAIT);

        assertTrue(result.tls());
        assertTrue(server.messages.get(0).tls());
    }

    @Test
    void opportunisticTlsFallsBackToPlaintextWhenTheHandshakeFails() {
        TestSmtpServer server = use(new TestSmtpServer().brokenTls().start());

        TransactionResult result = client().send(server.endpoint(TlsPolicy.OPPORTUNISTIC),
                tx(message("x\r\n"), "b@example.test")).await().atMost(WAIT);

        assertFalse(result.tls());
        assertEquals(250, result.finalReply().code());
        assertEquals(2, server.sessions.get(), "one session for the failed handshake, one in plaintext");
    }

    @Test
    void requiredTlsFailsTemporarilyWhenStartTlsIsNotOffered() {
        TestSmtpServer server = use(new TestSmtpServer().start());

        SmtpFailure f = failure(client().send(server.endpoint(TlsPolicy.REQUIRED), tx(message("x\r\n"), "b@example.test")));

        assertEquals(SmtpFailure.STARTTLS, f.stage());
        assertFalse(f.permanent());
        assertTrue(server.messages.isEmpty());
    }

    @Test
    void requiredTlsVerifiesTheCertificateUnlessTrustAll() throws Exception {
        TestSmtpServer server = use(new TestSmtpServer().tls(TestTls.serverContext()).start());
        SmtpClient client = client();

        SmtpFailure f = failure(client.send(server.endpoint(TlsPolicy.REQUIRED), tx(message("x\r\n"), "b@example.test")));
        assertEquals(SmtpFailure.STARTTLS, f.stage());
        assertFalse(f.permanent());
        assertTrue(f.detail().contains("handshake"), f.detail());
        assertTrue(server.messages.isEmpty());

        SmtpEndpoint trusting = new SmtpEndpoint("127.0.0.1", server.port(), TlsPolicy.REQUIRED, null, true);
        TransactionResult result = client.send(trusting, tx(message("x\r\n"), "b@example.test")).await().atMost(WAIT);
        assertTrue(result.tls());
        assertEquals(1, server.messages.size());
    }

    private static UsernamePasswordValidator validator() {
        return (user, password, context) -> {
            if (!"agent".equals(user) || !"s3cret pass".equals(password)) {
                throw new LoginFailedException();
            }
        };
    }

    @Test
    void authenticatesWithPlain() {
        TestSmtpServer server = use(new TestSmtpServer().auth(new PlainAuthenticationHandlerFactory(validator())).start());
        SmtpClient client = client();
        SmtpEndpoint good = new SmtpEndpoint("127.0.0.1", server.port(), TlsPolicy.NONE,
                new Credentials("agent", "s3cret pass"), false);

        client.send(good, tx(message("x\r\n"), "b@example.test")).await().atMost(WAIT);
        assertEquals("agent", server.messages.get(0).authenticatedAs());

        SmtpEndpoint bad = new SmtpEndpoint("127.0.0.1", server.port(), TlsPolicy.NONE,
                new Credentials("agent", "wrong"), false);
        SmtpFailure f = failure(client.send(bad, tx(message("x\r\n"), "b@example.test")));
        assertEquals(SmtpFailure.AUTH, f.stage());
        assertFalse(f.permanent(), "a rejected login is a configuration problem: temporary");
        assertNotNull(f.reply());
        assertTrue(f.reply().permanentFailure());
        assertFalse(f.getMessage().contains("wrong"));
        assertEquals(1, server.messages.size());
    }

    @Test
    void authenticatesWithLoginWhenPlainIsNotOffered() {
        TestSmtpServer server = use(new TestSmtpServer().auth(new LoginAuthenticationHandlerFactory(validator())).start());
        SmtpEndpoint endpoint = new SmtpEndpoint("127.0.0.1", server.port(), TlsPolicy.NONE,
                new Credentials("agent", "s3cret pass"), false);

        client().send(endpoint, tx(message("x\r\n"), "b@example.test")).await().atMost(WAIT);

        assertEquals("agent", server.messages.get(0).authenticatedAs());
    }

    @Test
    void authenticatesAfterStartTls() throws Exception {
        TestSmtpServer server = use(new TestSmtpServer().tls(TestTls.serverContext())
                .auth(new PlainAuthenticationHandlerFactory(validator())).start());
        SmtpEndpoint endpoint = new SmtpEndpoint("127.0.0.1", server.port(), TlsPolicy.REQUIRED,
                new Credentials("agent", "s3cret pass"), true);

        TransactionResult result = client().send(endpoint, tx(message("x\r\n"), "b@example.test")).await().atMost(WAIT);

        assertTrue(result.tls());
        assertEquals("agent", server.messages.get(0).authenticatedAs());
        assertTrue(server.messages.get(0).tls());
    }

    @Test
    void sendsCredentialsInPlaintextOnlyToLoopback() {
        assertTrue(SmtpExchange.loopback("127.0.0.1"));
        assertTrue(SmtpExchange.loopback("127.3.2.1"));
        assertTrue(SmtpExchange.loopback("::1"));
        assertFalse(SmtpExchange.loopback("192.0.2.1"));
        assertFalse(SmtpExchange.loopback("2001:db8::1"));
        assertFalse(SmtpExchange.loopback("localhost"), "only the connected address counts, not a name");
        assertFalse(SmtpExchange.loopback(null));
    }

    @Test
    void reusesOneConnectionForSequentialTransactions() {
        TestSmtpServer server = use(new TestSmtpServer().start());
        SmtpClient client = client();

        for (int i = 0; i < 5; i++) {
            client.send(server.endpoint(TlsPolicy.NONE), tx(message("n" + i + "\r\n"), "b" + i + "@example.test"))
                    .await().atMost(WAIT);
        }

        assertEquals(5, server.messages.size());
        assertEquals(1, server.sessions.get());
        for (int i = 0; i < 5; i++) {
            assertEquals(List.of("b" + i + "@example.test"), server.messages.get(i).recipients());
        }
    }

    @Test
    void replacesAPooledConnectionTheServerClosed() throws Exception {
        TestSmtpServer server = use(new TestSmtpServer().connectionTimeout(500).start());
        SmtpClient client = client();

        client.send(server.endpoint(TlsPolicy.NONE), tx(message("1\r\n"), "b@example.test")).await().atMost(WAIT);
        Thread.sleep(1500); // the server drops the idle session
        client.send(server.endpoint(TlsPolicy.NONE), tx(message("2\r\n"), "b@example.test")).await().atMost(WAIT);

        assertEquals(2, server.messages.size());
        assertEquals(2, server.sessions.get());
    }

    @Test
    void limitsConcurrentConnectionsPerEndpoint() {
        TestSmtpServer server = use(new TestSmtpServer().dataDelay(100).start());
        SmtpClient client = client(Duration.ofSeconds(10), 2);

        List<java.util.concurrent.CompletableFuture<TransactionResult>> sends = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            sends.add(client.send(server.endpoint(TlsPolicy.NONE), tx(message("n" + i + "\r\n"), "b@example.test"))
                    .subscribeAsCompletionStage());
        }
        sends.forEach(f -> assertEquals(250, f.orTimeout(30, TimeUnit.SECONDS).join().finalReply().code()));

        assertEquals(10, server.messages.size());
        assertTrue(server.maxActive.get() <= 2, "at most 2 sessions at once, saw " + server.maxActive.get());
        assertEquals(2, server.maxActive.get(), "both connections were used");
        assertEquals(2, server.sessions.get());
    }

    @Test
    void timesOutOnASilentServer() throws Exception {
        TestSmtpServer.RawServer silent = use(new TestSmtpServer.RawServer(null));
        SmtpClient client = client(Duration.ofMillis(300), 2);
        long start = System.nanoTime();

        SmtpFailure f = failure(client.send(new SmtpEndpoint("127.0.0.1", silent.port(), TlsPolicy.NONE, null, false),
                tx(message("x\r\n"), "b@example.test")));

        assertEquals(SmtpFailure.GREETING, f.stage());
        assertFalse(f.permanent());
        assertNull(f.reply());
        assertTrue(f.detail().contains("time-out"), f.detail());
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5));
    }

    @Test
    void refusesAnEndlessReply() throws Exception {
        StringBuilder hostile = new StringBuilder();
        while (hostile.length() < 100_000) {
            hostile.append("220-").append("x".repeat(1000)).append("\r\n");
        }
        TestSmtpServer.RawServer server = use(new TestSmtpServer.RawServer(hostile.toString().getBytes(StandardCharsets.US_ASCII)));

        SmtpFailure f = failure(client().send(new SmtpEndpoint("127.0.0.1", server.port(), TlsPolicy.NONE, null, false),
                tx(message("x\r\n"), "b@example.test")));

        assertEquals(SmtpFailure.GREETING, f.stage());
        assertTrue(f.detail().contains("reply longer than"), f.detail());
    }

    @Test
    void failsPermanentlyWhenSmtpUtf8IsNeededButNotOffered() throws Exception {
        SmtpSink sink = use(new SmtpSink());
        MailTransaction utf8 = new MailTransaction("a@sender.test", List.of("jörg@example.test"), message("x\r\n"),
                true, null);

        SmtpFailure f = failure(client().send(sink.endpoint(), utf8));

        assertEquals(SmtpFailure.MAIL, f.stage());
        assertTrue(f.permanent());
        assertEquals("5.6.7", f.reply().enhancedCode());
        assertTrue(f.detail().contains("smtputf8 not supported"), f.detail());
        assertTrue(sink.transactions().isEmpty());
    }

    @Test
    void readsEnhancedStatusCodesOfRefusedRecipients() throws Exception {
        SmtpSink sink = use(new SmtpSink("-r", "RCPT"));

        TransactionResult result = client().send(sink.endpoint(), tx(message("x\r\n"), "b@example.test", "c@example.test"))
                .await().atMost(WAIT);

        SmtpReply reply = result.replyFor("c@example.test");
        assertEquals(450, reply.code());
        assertEquals("4.3.0", reply.enhancedCode());
        assertEquals("Error: command failed", reply.text());
        assertEquals("450 4.3.0 Error: command failed", reply.toString());
        assertTrue(reply.transientFailure());
        assertNull(result.finalReply());
    }

    @Test
    void sendsEnvelopeIdAndBodyParametersWhenOffered() throws Exception {
        SmtpSink sink = use(new SmtpSink());
        MailTransaction tx = new MailTransaction("a@sender.test", List.of("b@example.test"), message("hi\r\n"), false,
                "id+1=x");

        TransactionResult result = client().send(sink.endpoint(), tx).await().atMost(WAIT);

        assertEquals(250, result.finalReply().code());
        assertEquals("2.0.0", result.finalReply().enhancedCode());
        List<String> dumped = sink.transactions();
        assertEquals(1, dumped.size());
        assertTrue(dumped.get(0).contains("X-Mail-Args: <a@sender.test> BODY=8BITMIME ENVID=id+2B1+3Dx"),
                dumped.get(0));
    }

    @Test
    void fallsBackToHeloWhenEhloIsRefused() throws Exception {
        SmtpSink sink = use(new SmtpSink("-f", "EHLO"));

        TransactionResult result = client().send(sink.endpoint(), tx(message("x\r\n"), "b@example.test"))
                .await().atMost(WAIT);

        assertEquals(250, result.finalReply().code());
        assertNull(result.finalReply().enhancedCode(), "no EHLO, no ENHANCEDSTATUSCODES");
    }

    @Test
    void rejectsAddressesThatWouldInjectCommands() {
        TestSmtpServer server = use(new TestSmtpServer().start());
        SmtpClient client = client();

        Throwable t = assertThrows(Throwable.class, () -> client.send(server.endpoint(TlsPolicy.NONE),
                tx(message("x\r\n"), "b@example.test>\r\nRCPT TO:<c@example.test")).await().atMost(WAIT));

        assertTrue(t instanceof IllegalArgumentException || t.getCause() instanceof IllegalArgumentException, t.toString());
        assertEquals(0, server.sessions.get());
    }

    @Test
    void failsWaitingAndNewTransactionsAfterClose() {
        TestSmtpServer server = use(new TestSmtpServer().start());
        SmtpClient client = client();
        client.send(server.endpoint(TlsPolicy.NONE), tx(message("x\r\n"), "b@example.test")).await().atMost(WAIT);

        client.close();

        SmtpFailure f = failure(client.send(server.endpoint(TlsPolicy.NONE), tx(message("x\r\n"), "b@example.test")));
        assertFalse(f.permanent());
        assertEquals(Map.of(), f.recipientReplies());
    }

    @Test
    void refusesRepliesInjectedAfterTheStartTlsReply() throws Exception {
        ScriptedServer server = use(new ScriptedServer((line, unread) -> {
            if (line.startsWith("EHLO")) {
                return "250-scripted\r\n250 STARTTLS\r\n";
            }
            if (line.equals("STARTTLS")) {
                return "220 go ahead\r\n250-injected\r\n250 AUTH PLAIN\r\n";
            }
            return "250 ok\r\n";
        }));

        SmtpFailure f = failure(client().send(server.endpoint(TlsPolicy.REQUIRED), tx(message("x\r\n"), "b@example.test")));

        assertEquals(SmtpFailure.STARTTLS, f.stage());
        assertTrue(f.detail().contains("after its STARTTLS reply"), f.detail());
        assertFalse(server.lines.stream().anyMatch(l -> l.startsWith("MAIL")));
    }

    @Test
    void pipelinesMailAndRcptWhenOffered() throws Exception {
        List<Boolean> rcptAlreadySent = new java.util.concurrent.CopyOnWriteArrayList<>();
        ScriptedServer server = use(new ScriptedServer((line, unread) -> {
            if (line.startsWith("EHLO")) {
                return "250-scripted\r\n250-ENHANCEDSTATUSCODES\r\n250 PIPELINING\r\n";
            }
            if (line.startsWith("MAIL")) {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
                while (unread.available() == 0 && System.nanoTime() < deadline) {
                    Thread.sleep(10);
                }
                rcptAlreadySent.add(unread.available() > 0);
                return "250 2.1.0 ok\r\n";
            }
            if (line.startsWith("RCPT TO:<bad")) {
                return "550 5.1.1 unknown\r\n";
            }
            if (line.equals("DATA")) {
                return "354 go\r\n";
            }
            if (line.equals(".")) {
                return "250 2.0.0 queued as X\r\n";
            }
            return "250 2.0.0 ok\r\n";
        }));

        TransactionResult result = client().send(server.endpoint(TlsPolicy.NONE),
                tx(message("x\r\n"), "a@example.test", "bad@example.test")).await().atMost(WAIT);

        assertEquals(List.of(true), rcptAlreadySent, "RCPT commands arrived before the MAIL reply");
        assertEquals("5.1.1", result.replyFor("bad@example.test").enhancedCode());
        assertEquals("250 2.0.0 queued as X", result.replyFor("a@example.test").toString());
        assertTrue(server.lines.contains("RCPT TO:<bad@example.test>"));
    }

    @Test
    void doesNotReuseAConnectionThatFailed() throws Exception {
        ScriptedServer server = use(new ScriptedServer((line, unread) -> {
            if (line.startsWith("MAIL")) {
                return "451 4.3.0 local trouble\r\n";
            }
            if (line.equals("QUIT")) {
                return "221 bye\r\n";
            }
            return "250 ok\r\n";
        }));
        SmtpClient client = client();

        for (int i = 0; i < 2; i++) {
            SmtpFailure f = failure(client.send(server.endpoint(TlsPolicy.NONE), tx(message("x\r\n"), "b@example.test")));
            assertEquals(SmtpFailure.MAIL, f.stage());
            assertFalse(f.permanent());
            assertEquals(451, f.reply().code());
        }

        assertEquals(2, server.lines.stream().filter(l -> l.startsWith("EHLO")).count(), "a new connection each time");
        assertEquals(0, server.lines.stream().filter(l -> l.equals("RSET")).count());
    }
}
