package dev.mailroom.ingress.smtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import dev.mailroom.contract.Envelope;
import dev.mailroom.contract.KafkaHeaders;
import dev.mailroom.stack.KafkaTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** STARTTLS with the self-signed certificate generated at startup (no keystore configured in tests). */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
class StartTlsTest {

    @Inject
    SmtpServerLifecycle smtp;

    @Test
    void messageSentAfterStartTlsIsAcceptedAndMarkedTlsOnKafka() throws Exception {
        String reply;
        try (SmtpClient client = new SmtpClient(smtp.port())) {
            assertTrue(client.reply().startsWith("220"));
            client.write("EHLO client.example\r\n");
            String ehlo = client.fullReply();
            assertTrue(ehlo.contains("250-STARTTLS") || ehlo.contains("250 STARTTLS"), ehlo);
            assertEquals("220 2.0.0 Ready to start TLS", client.startTls());
            assertNotNull(client.tlsProtocol());
            assertTrue(client.tlsProtocol().startsWith("TLSv1."), client.tlsProtocol());
            client.write("EHLO client.example\r\n");
            String secured = client.fullReply();
            assertTrue(!secured.contains("STARTTLS"), "STARTTLS is not offered again: " + secured);
            assertTrue(secured.contains("250-ENHANCEDSTATUSCODES"), "still advertised over TLS: " + secured);
            reply = client.send("ann@example.org", new String[] { "echo@agents.test" },
                    "From: ann@example.org\r\nSubject: secret\r\n\r\nover tls");
            client.quit();
        }
        assertTrue(reply.startsWith("250 2.0.0 Ok: queued as "), reply);
        String id = reply.substring("250 2.0.0 Ok: queued as ".length()).trim();

        ConsumerRecord<String, byte[]> record = IngressSmtpTest.findRecord(id);
        assertEquals("true", new String(record.headers().lastHeader(KafkaHeaders.TLS).value(),
                StandardCharsets.UTF_8));
        assertTrue(Envelope.readFrom(record.headers()).tls());
        String raw = new String(record.value(), StandardCharsets.UTF_8);
        assertTrue(raw.contains("with ESMTPS id " + id), raw);
    }

    @Test
    void plainSessionIsMarkedNotTls() throws Exception {
        String reply;
        try (SmtpClient client = new SmtpClient(smtp.port())) {
            client.reply();
            client.command("EHLO client.example");
            reply = client.send("ann@example.org", new String[] { "echo@agents.test" },
                    "From: ann@example.org\r\nSubject: plain\r\n\r\nin clear");
            client.quit();
        }
        String id = reply.substring("250 2.0.0 Ok: queued as ".length()).trim();
        ConsumerRecord<String, byte[]> record = IngressSmtpTest.findRecord(id);
        assertEquals("false", new String(record.headers().lastHeader(KafkaHeaders.TLS).value(),
                StandardCharsets.UTF_8));
        assertTrue(new String(record.value(), StandardCharsets.UTF_8).contains("with SMTP id " + id));
    }
}
