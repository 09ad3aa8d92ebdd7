package dev.mailroom.ingress.smtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import dev.mailroom.contract.Envelope;
import dev.mailroom.stack.KafkaTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * The PROXY protocol with a raw socket client: 127.0.0.2 stands for the trusted load balancer, 127.0.0.1 for an
 * untrusted client. The per-IP limit is 2, to show that it counts the real client addresses.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@TestProfile(ProxyProtocolTest.TrustedLoopback.class)
class ProxyProtocolTest {

    static final String PROXY = "127.0.0.2";
    static final String REFUSED = "501 5.5.4 Syntax error in PROXY protocol header";

    public static class TrustedLoopback implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("mailroom.smtp.proxy-protocol.trusted", PROXY + "/32,10.0.0.0/8",
                    "mailroom.smtp.max-connections-per-ip", "2");
        }
    }

    @Inject
    SmtpServerLifecycle smtp;

    @Test
    void v1FromTheTrustedProxyPutsTheRealClientInReceivedAndTheEnvelope() throws Exception {
        String reply;
        try (SmtpClient client = new SmtpClient(smtp.port(), PROXY)) {
            client.write("PROXY TCP4 203.0.113.7 192.0.2.1 40000 25\r\n");
            assertTrue(client.reply().startsWith("220 "));
            client.command("EHLO client.example");
            reply = client.send("ann@example.org", new String[] { "echo@agents.test" },
                    "From: ann@example.org\r\nSubject: via proxy\r\n\r\nhello");
            client.quit();
        }
        ConsumerRecord<String, byte[]> record = IngressSmtpTest.findRecord(queuedId(reply));
        assertEquals("203.0.113.7", Envelope.readFrom(record.headers()).clientIp());
        String raw = new String(record.value(), StandardCharsets.UTF_8);
        assertTrue(raw.startsWith("Received: from client.example ([203.0.113.7])"), raw);
    }

    @Test
    void v2FromTheTrustedProxyWithAnIpv6ClientSentInTwoPieces() throws Exception {
        byte[] header = ProxyHeaderTest.v2(1, 0x21, ProxyHeaderTest.block("2001:db8::9", "2001:db8::1", 42000, 25));
        String reply;
        try (SmtpClient client = new SmtpClient(smtp.port(), PROXY)) {
            client.write(new String(header, 0, 7, StandardCharsets.ISO_8859_1));
            client.write(new String(header, 7, header.length - 7, StandardCharsets.ISO_8859_1));
            assertTrue(client.reply().startsWith("220 "));
            client.command("EHLO client.example");
            reply = client.send("ann@example.org", new String[] { "echo@agents.test" },
                    "From: ann@example.org\r\nSubject: via proxy v2\r\n\r\nhello");
            client.quit();
        }
        ConsumerRecord<String, byte[]> record = IngressSmtpTest.findRecord(queuedId(reply));
        String expected = InetAddress.getByName("2001:db8::9").getHostAddress();
        assertEquals(expected, Envelope.readFrom(record.headers()).clientIp());
        assertTrue(new String(record.value(), StandardCharsets.UTF_8).contains("([" + expected + "])"));
    }

    @Test
    void theTrustedProxyMustSendTheHeader() throws Exception {
        try (SmtpClient client = new SmtpClient(smtp.port(), PROXY)) {
            client.write("EHLO client.example\r\n");
            assertEquals(REFUSED, client.reply());
            assertTrue(client.closedByServer());
        }
    }

    @Test
    void aV1HeaderFromAnUntrustedPeerIsASyntaxErrorAndClosesTheConnection() throws Exception {
        try (SmtpClient client = new SmtpClient(smtp.port(), "127.0.0.1")) {
            assertTrue(client.reply().startsWith("220 "), "an untrusted peer is greeted at once");
            assertEquals(REFUSED, client.command("PROXY TCP4 203.0.113.7 192.0.2.1 40000 25"));
            assertTrue(client.closedByServer());
        }
    }

    @Test
    void aV2HeaderFromAnUntrustedPeerClosesTheConnection() throws Exception {
        byte[] header = ProxyHeaderTest.v2(1, 0x11, ProxyHeaderTest.block("203.0.113.7", "192.0.2.1", 40000, 25));
        try (SmtpClient client = new SmtpClient(smtp.port(), "127.0.0.1")) {
            assertTrue(client.reply().startsWith("220 "));
            client.write(new String(header, StandardCharsets.ISO_8859_1) + "MAIL FROM:<a@example.org>\r\n");
            String last;
            do {
                last = client.reply();
                assertTrue(!last.startsWith("2"), "nothing accepted: " + last);
            } while (!last.startsWith("501"));
            assertTrue(client.closedByServer());
        }
    }

    @Test
    void thePerIpLimitCountsTheRealClientsBehindTheProxy() throws Exception {
        List<SmtpClient> open = new ArrayList<>();
        try {
            open.add(proxied("198.51.100.9"));
            open.add(proxied("198.51.100.9"));
            try (SmtpClient third = new SmtpClient(smtp.port(), PROXY)) {
                third.write("PROXY TCP4 198.51.100.9 192.0.2.1 40003 25\r\n");
                assertEquals("421 4.7.0 Too many connections, try again later", third.reply());
            }
            open.add(proxied("198.51.100.10")); // another client through the same proxy is welcome
        } finally {
            for (SmtpClient c : open) {
                c.quit();
            }
        }
    }

    private SmtpClient proxied(String clientIp) throws Exception {
        SmtpClient client = new SmtpClient(smtp.port(), PROXY);
        client.write("PROXY TCP4 " + clientIp + " 192.0.2.1 40000 25\r\n");
        String greeting = client.reply();
        assertTrue(greeting.startsWith("220 "), greeting);
        return client;
    }

    private static String queuedId(String reply) {
        assertTrue(reply.startsWith("250 2.0.0 Ok: queued as "), reply);
        return reply.substring("250 2.0.0 Ok: queued as ".length()).trim();
    }
}
