package dev.mailroom.ingress.smtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import dev.mailroom.contract.Envelope;
import dev.mailroom.contract.Topics;
import dev.mailroom.stack.KafkaTestClient;
import dev.mailroom.stack.KafkaTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(KafkaTestResource.class)
class IngressSmtpTest {

    @Inject
    SmtpServerLifecycle smtp;

    @Test
    void acceptedMessageIsOnKafkaWithEveryRecipientInOneRecordBeforeThe250() throws Exception {
        String marker = UUID.randomUUID().toString();
        String reply;
        try (SmtpClient client = new SmtpClient(smtp.port())) {
            assertTrue(client.reply().startsWith("220"));
            assertTrue(client.command("EHLO client.example").startsWith("250"));
            reply = client.send("ann@example.org", new String[] { "echo+t1@agents.test", "Other@OTHER.test" },
                    "From: ann@example.org\r\nTo: echo+t1@agents.test\r\nSubject: hi\r\n\r\nbody " + marker);
            client.command("QUIT");
        }
        assertTrue(reply.startsWith("250 2.0.0 Ok: queued as "), reply);
        String id = reply.substring("250 2.0.0 Ok: queued as ".length()).trim();

        ConsumerRecord<String, byte[]> record = findRecord(id);
        Envelope envelope = Envelope.readFrom(record.headers());
        assertEquals(List.of("echo+t1@agents.test", "Other@OTHER.test"), envelope.rcptTo());
        assertEquals("ann@example.org", envelope.mailFrom());
        assertEquals("127.0.0.1", envelope.clientIp());
        assertEquals("client.example", envelope.helo());
        String raw = new String(record.value(), StandardCharsets.UTF_8);
        assertTrue(raw.contains("body " + marker), raw);
        assertTrue(raw.startsWith("Received: "), "a Received header is prepended: " + raw);
    }

    @Test
    void recipientInAForeignDomainIsRelayDenied() throws Exception {
        try (SmtpClient client = new SmtpClient(smtp.port())) {
            client.reply();
            client.command("EHLO client.example");
            assertTrue(client.command("MAIL FROM:<ann@example.org>").startsWith("250"));
            assertEquals("550 5.7.1 Relay access denied", client.command("RCPT TO:<victim@gmail.com>"));
            assertTrue(client.command("RCPT TO:<echo@agents.test>").startsWith("250"),
                    "the transaction goes on for accepted recipients");
        }
    }

    @Test
    void nullSenderIsAcceptedForBounces() throws Exception {
        try (SmtpClient client = new SmtpClient(smtp.port())) {
            client.reply();
            client.command("EHLO client.example");
            String reply = client.send("", new String[] { "echo@agents.test" },
                    "From: MAILER-DAEMON@example.org\r\nSubject: bounce\r\n\r\nundeliverable");
            assertTrue(reply.startsWith("250 "), reply);
        }
    }

    @Test
    void mailToOneAddressStaysOnOnePartitionInTheOrderItWasAccepted() throws Exception {
        java.util.Map<String, List<String>> ids = new java.util.LinkedHashMap<>();
        try (SmtpClient client = new SmtpClient(smtp.port())) {
            client.reply();
            client.command("EHLO client.example");
            for (int i = 0; i < 6; i++) {
                for (String to : List.of("echo+order-a@agents.test", "Echo+Order-B@agents.test")) {
                    String reply = client.send("ann@example.org", new String[] { to },
                            "From: ann@example.org\r\nSubject: order " + i + "\r\n\r\nbody");
                    assertTrue(reply.startsWith("250 2.0.0 Ok: queued as "), reply);
                    ids.computeIfAbsent(to.toLowerCase(java.util.Locale.ROOT), k -> new java.util.ArrayList<>())
                            .add(reply.substring("250 2.0.0 Ok: queued as ".length()).trim());
                }
            }
        }
        java.util.Set<Integer> partitionsUsed = new java.util.HashSet<>();
        for (List<String> sent : ids.values()) {
            List<ConsumerRecord<String, byte[]>> records = KafkaTestClient.await(Topics.INBOUND_RECEIVED,
                    r -> sent.contains(r.key()), sent.size(), Duration.ofSeconds(20));
            assertEquals(1, records.stream().map(ConsumerRecord::partition).distinct().count(),
                    "one partition for every message to one address");
            List<ConsumerRecord<String, byte[]>> inOffsetOrder = records.stream()
                    .sorted(java.util.Comparator.comparingLong(ConsumerRecord::offset)).toList();
            assertEquals(sent, inOffsetOrder.stream().map(ConsumerRecord::key).toList(), "accepted order kept");
            partitionsUsed.add(records.get(0).partition());
        }
        assertEquals(java.util.Set.of(
                dev.mailroom.ingress.messaging.MailPublisher.partitionOf("echo+order-a@agents.test", 4),
                dev.mailroom.ingress.messaging.MailPublisher.partitionOf("echo+order-b@agents.test", 4)),
                partitionsUsed);
    }

    static ConsumerRecord<String, byte[]> findRecord(String key) {
        List<ConsumerRecord<String, byte[]>> found = KafkaTestClient.await(Topics.INBOUND_RECEIVED,
                r -> key.equals(r.key()), 1, Duration.ofSeconds(20));
        assertEquals(1, KafkaTestClient.readAll(Topics.INBOUND_RECEIVED, Duration.ofSeconds(1)).stream()
                .filter(r -> key.equals(r.key())).count(), "exactly one record for " + key);
        return found.get(0);
    }
}
