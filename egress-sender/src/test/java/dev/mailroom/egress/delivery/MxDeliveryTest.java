package dev.mailroom.egress.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.subethamail.smtp.RejectException;

import dev.mailroom.egress.delivery.RecipientOutcome.Status;
import dev.mailroom.mail.dns.DnsResolver;
import dev.mailroom.mail.dns.InMemoryDnsResolver;
import dev.mailroom.mail.dns.MxHost;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.dns.AddressResolverOptions;

/**
 * {@link MxDelivery} against real SMTP servers on loopback. MX host names {@code 127.0.0.1} and
 * {@code localhost} resolve with any resolver (Quarkus tests in the same JVM disable Vert.x's own); {@link #ports} maps them to the test
 * servers' ports (the {@code mxPort} hook).
 */
class MxDeliveryTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private Vertx vertx;
    private SmtpClient client;
    private final List<AutoCloseable> resources = new ArrayList<>();
    private final Map<String, Integer> ports = new HashMap<>();
    private final Map<String, List<MxHost>> mx = new HashMap<>();
    private final Map<String, Boolean> addresses = new HashMap<>();
    private String dnsFailure;

    /** The DNS port holding the maps above as they are now (addresses for the implicit MX). */
    private DnsResolver fakeDns() {
        InMemoryDnsResolver dns = new InMemoryDnsResolver();
        mx.forEach((domain, hosts) -> hosts.forEach(h -> dns.add(domain, "MX", h)));
        addresses.forEach((host, has) -> {
            if (has) {
                dns.add(host, "A", InetAddress.getLoopbackAddress());
            }
        });
        if (dnsFailure != null) {
            dns.errorWhenNameContains(".");
        }
        return dns;
    }

    @BeforeEach
    void setUp() {
        vertx = Vertx.vertx(new VertxOptions().setAddressResolverOptions(new AddressResolverOptions()
                .setHostsValue(Buffer.buffer("127.0.0.1 mx1.example.test mx2.example.test example.test\n"))));
        client = new SmtpClient(vertx, new SmtpClientOptions("client.test", Duration.ofSeconds(5),
                Duration.ofSeconds(10), 2, Duration.ofSeconds(30)));
    }

    @AfterEach
    void tearDown() throws Exception {
        client.close();
        for (AutoCloseable r : resources) {
            r.close();
        }
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private <T extends AutoCloseable> T use(T resource) {
        resources.add(resource);
        return resource;
    }

    private MxDelivery viaMx() {
        return new MxDelivery(vertx, client, new MxResolver(fakeDns()), Optional.empty(), Map.of(),
                host -> ports.getOrDefault(host, 1));
    }

    /** example.test routed to the server (a transport override). */
    private MxDelivery via(SmtpEndpoint endpoint) {
        return new MxDelivery(vertx, client, new MxResolver(fakeDns()), Optional.empty(),
                Map.of("Example.TEST", endpoint));
    }

    private static MailTransaction tx(String... recipients) {
        return SmtpClientTest.tx(SmtpClientTest.message("hello\r\n"), recipients);
    }

    private static Map<String, Status> statuses(List<RecipientOutcome> outcomes) {
        Map<String, Status> m = new HashMap<>();
        outcomes.forEach(o -> m.put(o.recipient(), o.status()));
        return m;
    }

    @Test
    void bouncesTheRefusedRecipientAndDeliversTheOthers() {
        TestSmtpServer server = use(new TestSmtpServer().rejectRecipients(r -> {
            if (r.startsWith("unknown")) {
                throw new RejectException(550, "5.1.1 no such user");
            }
        }).start());

        List<RecipientOutcome> outcomes = via(server.endpoint(TlsPolicy.NONE))
                .deliver("example.test", tx("one@example.test", "unknown@example.test", "two@example.test"))
                .await().atMost(WAIT);

        assertEquals(List.of("one@example.test", "unknown@example.test", "two@example.test"),
                outcomes.stream().map(RecipientOutcome::recipient).toList());
        assertEquals(List.of(Status.DELIVERED, Status.BOUNCED, Status.DELIVERED),
                outcomes.stream().map(RecipientOutcome::status).toList());
        assertEquals(550, outcomes.get(1).reply().code());
        assertEquals(250, outcomes.get(0).reply().code());
        assertEquals("127.0.0.1:" + server.port(), outcomes.get(0).host());
        assertEquals(List.of("one@example.test", "two@example.test"), server.messages.get(0).recipients());
    }

    @Test
    void defersARecipientRefusedTemporarily() {
        TestSmtpServer server = use(new TestSmtpServer().rejectRecipients(r -> {
            if (r.startsWith("grey")) {
                throw new RejectException(450, "4.2.0 greylisted, try later");
            }
        }).start());

        List<RecipientOutcome> outcomes = via(server.endpoint(TlsPolicy.NONE))
                .deliver("example.test", tx("grey@example.test", "ok@example.test")).await().atMost(WAIT);

        assertEquals(Map.of("grey@example.test", Status.DEFERRED, "ok@example.test", Status.DELIVERED),
                statuses(outcomes));
        assertEquals(450, outcomes.get(0).reply().code());
    }

    @Test
    void bouncesAllOnAPermanentFinalReply() {
        TestSmtpServer server = use(new TestSmtpServer().checkData(d -> {
            throw new RejectException(554, "5.7.1 spam");
        }).start());

        List<RecipientOutcome> outcomes = via(server.endpoint(TlsPolicy.NONE))
                .deliver("example.test", tx("a@example.test", "b@example.test")).await().atMost(WAIT);

        assertEquals(Map.of("a@example.test", Status.BOUNCED, "b@example.test", Status.BOUNCED), statuses(outcomes));
        assertEquals(554, outcomes.get(0).reply().code());
        assertTrue(outcomes.get(0).detail().contains("end of DATA"), outcomes.get(0).detail());
    }

    @Test
    void defersAllOnATemporaryFinalReply() {
        TestSmtpServer server = use(new TestSmtpServer().checkData(d -> {
            throw new RejectException(451, "4.3.0 try again");
        }).start());

        List<RecipientOutcome> outcomes = via(server.endpoint(TlsPolicy.NONE))
                .deliver("example.test", tx("a@example.test", "b@example.test")).await().atMost(WAIT);

        assertEquals(Map.of("a@example.test", Status.DEFERRED, "b@example.test", Status.DEFERRED), statuses(outcomes));
        assertEquals(451, outcomes.get(1).reply().code());
    }

    @Test
    void defersWhenTheServerDropsTheConnectionAfterTheData() throws Exception {
        SmtpSink sink = use(new SmtpSink("-q", "."));

        List<RecipientOutcome> outcomes = via(sink.endpoint()).deliver("example.test", tx("a@example.test"))
                .await().atMost(WAIT);

        RecipientOutcome o = outcomes.get(0);
        assertEquals(Status.DEFERRED, o.status());
        assertNull(o.reply());
        assertTrue(o.detail().startsWith("data-end"), o.detail());
    }

    @Test
    void triesTheNextMxWhenTheFirstSays421() {
        TestSmtpServer busy = use(new TestSmtpServer().rejectSessions(421, "4.3.2 too busy").start());
        TestSmtpServer good = use(new TestSmtpServer().start());
        ports.put("127.0.0.1", busy.port());
        ports.put("localhost", good.port());
        mx.put("example.test", List.of(new MxHost(20, "localhost."), new MxHost(10, "127.0.0.1.")));

        List<RecipientOutcome> outcomes = viaMx().deliver("example.test", tx("a@example.test")).await().atMost(WAIT);

        RecipientOutcome o = outcomes.get(0);
        assertEquals(Status.DELIVERED, o.status(), o.detail());
        assertEquals("localhost:" + good.port(), o.host());
        assertEquals(1, busy.sessions.get(), "the preferred MX was tried first");
        assertEquals(1, good.messages.size());
    }

    @Test
    void defersWithTheLastHostsFailureWhenNoMxAccepts() throws Exception {
        TestSmtpServer.RawServer closed = new TestSmtpServer.RawServer(null);
        int refusedPort = closed.port();
        closed.close(); // connection refused
        TestSmtpServer busy = use(new TestSmtpServer().rejectSessions(421, "4.3.2 too busy").start());
        ports.put("127.0.0.1", refusedPort);
        ports.put("localhost", busy.port());
        mx.put("example.test", List.of(new MxHost(10, "127.0.0.1"), new MxHost(20, "localhost")));

        List<RecipientOutcome> outcomes = viaMx().deliver("example.test", tx("a@example.test", "b@example.test"))
                .await().atMost(WAIT);

        for (RecipientOutcome o : outcomes) {
            assertEquals(Status.DEFERRED, o.status());
            assertEquals(421, o.reply().code());
            assertEquals("localhost:" + busy.port(), o.host());
        }
    }

    @Test
    void defersQuicklyWhenTheServerNeverAnswers() throws Exception {
        TestSmtpServer.RawServer silent = use(new TestSmtpServer.RawServer(null));
        SmtpClient impatient = new SmtpClient(vertx, new SmtpClientOptions("client.test", Duration.ofSeconds(5),
                Duration.ofMillis(300), 2, Duration.ofSeconds(30)));
        resources.add(impatient);
        MxDelivery delivery = new MxDelivery(vertx, impatient, new MxResolver(fakeDns()),
                Optional.of(new SmtpEndpoint("127.0.0.1", silent.port(), TlsPolicy.OPPORTUNISTIC, null, false)), Map.of());
        long start = System.nanoTime();

        RecipientOutcome o = delivery.deliver("example.test", tx("a@example.test")).await().atMost(WAIT).get(0);

        assertEquals(Status.DEFERRED, o.status());
        assertTrue(o.detail().contains("time-out"), o.detail());
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5));
    }

    @Test
    void bouncesWhenSmtpUtf8IsNeededButNotOffered() throws Exception {
        SmtpSink sink = use(new SmtpSink());
        MailTransaction utf8 = new MailTransaction("a@sender.test", List.of("jörg@example.test"),
                SmtpClientTest.message("x\r\n"), true, null);

        RecipientOutcome o = via(sink.endpoint()).deliver("example.test", utf8).await().atMost(WAIT).get(0);

        assertEquals(Status.BOUNCED, o.status());
        assertEquals("5.6.7", o.reply().enhancedCode());
        assertTrue(sink.transactions().isEmpty());
    }

    @Test
    void bouncesOnNullMx() {
        mx.put("example.test", List.of(new MxHost(0, ".")));

        RecipientOutcome o = viaMx().deliver("example.test", tx("a@example.test")).await().atMost(WAIT).get(0);

        assertEquals(Status.BOUNCED, o.status());
        assertEquals(556, o.reply().code());
        assertEquals("5.1.10", o.reply().enhancedCode());
        assertNull(o.host());
    }

    @Test
    void bouncesWhenTheDomainHasNoMxAndNoAddress() {
        RecipientOutcome o = viaMx().deliver("example.test", tx("a@example.test")).await().atMost(WAIT).get(0);

        assertEquals(Status.BOUNCED, o.status());
        assertTrue(o.detail().contains("neither MX"), o.detail());
    }

    @Test
    void defersOnADnsFailure() {
        dnsFailure = "MX example.test.: SERVFAIL";

        RecipientOutcome o = viaMx().deliver("example.test", tx("a@example.test")).await().atMost(WAIT).get(0);

        assertEquals(Status.DEFERRED, o.status());
        assertEquals("4.4.3", o.reply().enhancedCode());
    }

    @Test
    void usesTheDomainItselfWithoutMx() {
        TestSmtpServer server = use(new TestSmtpServer().start());
        addresses.put("localhost", true);
        ports.put("localhost", server.port());

        RecipientOutcome o = viaMx().deliver("localhost", tx("a@localhost")).await().atMost(WAIT).get(0);

        assertEquals(Status.DELIVERED, o.status(), o.detail());
        assertEquals("localhost:" + server.port(), o.host());
    }

    @Test
    void sendsEverythingToTheSmarthostButTransportOverrides() {
        TestSmtpServer smarthost = use(new TestSmtpServer().start());
        TestSmtpServer special = use(new TestSmtpServer().start());
        dnsFailure = "DNS must not be asked";
        MxDelivery delivery = new MxDelivery(vertx, client, new MxResolver(fakeDns()),
                Optional.of(smarthost.endpoint(TlsPolicy.OPPORTUNISTIC)),
                Map.of("special.test", special.endpoint(TlsPolicy.NONE)));

        assertEquals(Status.DELIVERED, delivery.deliver("other.test", tx("a@other.test")).await().atMost(WAIT)
                .get(0).status());
        assertEquals(Status.DELIVERED, delivery.deliver("Special.Test.", tx("b@special.test")).await().atMost(WAIT)
                .get(0).status());

        assertEquals(List.of("a@other.test"), smarthost.messages.get(0).recipients());
        assertEquals(List.of("b@special.test"), special.messages.get(0).recipients());
        assertEquals(1, smarthost.messages.size());
        assertEquals(1, special.messages.size());
    }
}
