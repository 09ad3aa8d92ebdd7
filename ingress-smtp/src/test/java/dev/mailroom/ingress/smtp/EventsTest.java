package dev.mailroom.ingress.smtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import dev.mailroom.contract.Json;
import dev.mailroom.contract.KafkaHeaders;
import dev.mailroom.contract.MailroomEvent;
import dev.mailroom.contract.Topics;
import dev.mailroom.stack.KafkaTestClient;
import dev.mailroom.stack.KafkaTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Lifecycle events on mailroom.events: inbound.received after the Kafka ack, inbound.rejected for DATA refusals. */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
class EventsTest {

    @Inject
    SmtpServerLifecycle smtp;

    @Test
    void acceptedMessageEmitsAReceivedEvent() throws Exception {
        String reply;
        try (SmtpClient client = new SmtpClient(smtp.port())) {
            client.reply();
            client.command("EHLO client.example");
            reply = client.send("ann@example.org", new String[] { "a@agents.test", "b@agents.test" },
                    "From: ann@example.org\r\nSubject: event\r\n\r\nhello");
            client.quit();
        }
        assertTrue(reply.startsWith("250 2.0.0 Ok: queued as "), reply);
        String id = reply.substring("250 2.0.0 Ok: queued as ".length()).trim();

        List<ConsumerRecord<String, byte[]>> records = KafkaTestClient.await(Topics.EVENTS,
                r -> id.equals(r.key()) && "inbound.received".equals(decode(r).type()), 1, Duration.ofSeconds(20));
        assertEquals(id, new String(records.get(0).headers().lastHeader(KafkaHeaders.MESSAGE_ID).value(),
                java.nio.charset.StandardCharsets.UTF_8), "the event header set: mailroom.message-id");
        MailroomEvent event = decode(records.get(0));
        assertEquals("ingress-smtp", event.service());
        assertEquals("inbound.received:" + id, event.id());
        assertEquals("2", event.detail().get("rcpts"));
        assertEquals("127.0.0.1", event.detail().get("clientIp"));
        assertTrue(Integer.parseInt(event.detail().get("bytes")) > "hello".length());
    }

    @Test
    void refusedDataEmitsARejectedEventWithReasonAndCode() throws Exception {
        // a rejection reply carries no id: a client address of its own tells this test's event from older ones
        java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
        String clientIp = "127." + random.nextInt(1, 255) + "." + random.nextInt(1, 255) + "."
                + random.nextInt(1, 255);
        try (SmtpClient client = new SmtpClient(smtp.port(), clientIp)) {
            client.reply();
            client.command("EHLO client.example");
            String reply = client.send("ann@example.org", new String[] { "a@agents.test" },
                    "From: ann@example.org\r\nSubject: nul\r\n\r\nbad \u0000 byte");
            assertEquals("554 5.6.0 Message contains NUL characters", reply);
            client.quit();
        }
        List<ConsumerRecord<String, byte[]>> found = KafkaTestClient.await(Topics.EVENTS,
                r -> decode(r).type().equals("inbound.rejected") && "nul-byte".equals(decode(r).detail().get("reason"))
                        && clientIp.equals(decode(r).detail().get("clientIp")),
                1, Duration.ofSeconds(20));
        MailroomEvent event = decode(found.get(found.size() - 1));
        assertEquals("554", event.detail().get("code"));
        assertEquals("5.6.0", event.detail().get("enhancedCode"));
        assertEquals(event.messageId(), found.get(found.size() - 1).key());
    }

    private static MailroomEvent decode(ConsumerRecord<String, byte[]> record) {
        return Json.decode(record.value(), MailroomEvent.class, MailroomEvent.VERSION);
    }
}
