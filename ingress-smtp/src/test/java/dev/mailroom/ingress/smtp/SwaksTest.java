package dev.mailroom.ingress.smtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import dev.mailroom.contract.Envelope;
import dev.mailroom.stack.KafkaTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** The MX listener with the real {@code swaks} client: pipelining (RFC 2920) and STARTTLS. */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
class SwaksTest {

    private static final String QUEUED = "250 2.0.0 Ok: queued as ";

    @Inject
    SmtpServerLifecycle smtp;

    @Test
    void pipelinedTransactionIsAcceptedWithEveryRecipientAndRefusalsInOrder() throws Exception {
        String marker = UUID.randomUUID().toString();
        Swaks.Result result = Swaks.run("--server", "127.0.0.1:" + smtp.port(), "--pipeline", "--from",
                "ann@example.org", "--to", "echo+p1@agents.test,victim@elsewhere.example,Other@other.test",
                "--data", "Subject: pipelined\n\n" + marker);
        assertTrue(result.transcript().contains("250-PIPELINING"), result.transcript());
        assertNotNull(result.lastReply("550 5.7.1 Relay access denied"), result.transcript());
        String reply = result.lastReply(QUEUED.trim());
        assertNotNull(reply, result.transcript());
        ConsumerRecord<String, byte[]> record = IngressSmtpTest.findRecord(reply.substring(QUEUED.length()).trim());
        assertEquals(List.of("echo+p1@agents.test", "Other@other.test"), Envelope.readFrom(record.headers()).rcptTo());
        assertTrue(new String(record.value(), StandardCharsets.UTF_8).contains(marker));
    }

    @Test
    void startTlsThenMailIsAcceptedAndMarkedTls() throws Exception {
        Swaks.Result result = Swaks.run("--server", "127.0.0.1:" + smtp.port(), "--tls", "--from", "ann@example.org",
                "--to", "echo@agents.test", "--data", "Subject: tls\n\nover tls");
        assertEquals(0, result.exit(), result.transcript());
        String reply = result.lastReply(QUEUED.trim());
        assertNotNull(reply, result.transcript());
        ConsumerRecord<String, byte[]> record = IngressSmtpTest.findRecord(reply.substring(QUEUED.length()).trim());
        assertTrue(Envelope.readFrom(record.headers()).tls());
        assertTrue(new String(record.value(), StandardCharsets.UTF_8).contains("with ESMTPS"));
        // swaks prints the EHLO reply after TLS too: ENHANCEDSTATUSCODES advertised twice, replies coded
        String t = result.transcript();
        assertTrue(t.indexOf("250-ENHANCEDSTATUSCODES") != t.lastIndexOf("250-ENHANCEDSTATUSCODES"), t);
        assertTrue(t.contains("220 2.0.0 Ready to start TLS"), t);
        assertTrue(t.contains("250 2.1.5 Ok"), t);
        assertTrue(t.contains("221 2.0.0 Bye"), t);
    }

    @Test
    void pipelinedStartTlsSessionStillWorks() throws Exception {
        Swaks.Result result = Swaks.run("--server", "127.0.0.1:" + smtp.port(), "--tls", "--pipeline", "--from",
                "ann@example.org", "--to", "echo@agents.test", "--data", "Subject: both\n\nboth");
        assertEquals(0, result.exit(), result.transcript());
        assertNotNull(result.lastReply(QUEUED.trim()), result.transcript());
    }
}
