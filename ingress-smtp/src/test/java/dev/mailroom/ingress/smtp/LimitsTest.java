package dev.mailroom.ingress.smtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.mailroom.contract.Topics;
import dev.mailroom.stack.KafkaTestClient;
import dev.mailroom.stack.KafkaTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * Size, recipient count, sequence, syntax and idle limits with small values: 10,000 bytes, 3 recipients, 2 s idle.
 * The oversize message is sent with the real {@code swaks} client; the rest with the raw socket client.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@TestProfile(LimitsTest.SmallLimits.class)
class LimitsTest {

    public static class SmallLimits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("mailroom.smtp.max-message-size", "10000", "mailroom.smtp.max-recipients", "3",
                    "mailroom.smtp.idle-timeout", "2s");
        }
    }

    @Inject
    SmtpServerLifecycle smtp;

    @Test
    void oversizeMessageFromSwaksIs552AndNeverOnKafka() throws Exception {
        String marker = UUID.randomUUID().toString();
        String body = "Subject: big " + marker + "\n\n" + ("x".repeat(70) + "\n").repeat(200);
        Swaks.Result result = Swaks.run("--server", "127.0.0.1:" + smtp.port(), "--from", "ann@example.org", "--to",
                "echo@agents.test", "--data", body);
        assertNotEquals(0, result.exit(), result.transcript());
        assertNotNull(result.lastReply("552 5.3.4 Message size exceeds fixed maximum message size"),
                result.transcript());
        assertTrue(KafkaTestClient.readAll(Topics.INBOUND_RECEIVED, Duration.ofSeconds(2)).stream()
                .noneMatch(r -> new String(r.value(), StandardCharsets.ISO_8859_1).contains(marker)));
    }

    @Test
    void declaredSizeOverTheLimitIsRefusedAtMail() throws Exception {
        try (SmtpClient client = new SmtpClient(smtp.port())) {
            client.reply();
            client.write("EHLO client.example\r\n");
            assertTrue(client.fullReply().contains("250-SIZE 10000"));
            assertEquals("552 5.3.4 Message size exceeds fixed limit",
                    client.command("MAIL FROM:<ann@example.org> SIZE=10001"));
            assertTrue(client.command("MAIL FROM:<ann@example.org> SIZE=9000").startsWith("250"));
        }
    }

    @Test
    void theFourthRecipientIs452AndTheFirstThreeStay() throws Exception {
        try (SmtpClient client = new SmtpClient(smtp.port())) {
            client.reply();
            client.command("EHLO client.example");
            client.command("MAIL FROM:<ann@example.org>");
            for (int i = 1; i <= 3; i++) {
                assertTrue(client.command("RCPT TO:<echo+" + i + "@agents.test>").startsWith("250"));
            }
            assertEquals("452 4.5.3 Too many recipients", client.command("RCPT TO:<echo+4@agents.test>"));
            assertTrue(client.command("DATA").startsWith("354"));
            client.write("Subject: three\r\n\r\nbody\r\n.\r\n");
            assertTrue(client.reply().startsWith("250 2.0.0 Ok: queued as "));
        }
    }

    @Test
    void outOfSequenceAndMalformedCommandsAreRefusedAndTheSessionGoesOn() throws Exception {
        try (SmtpClient client = new SmtpClient(smtp.port())) {
            client.reply();
            client.command("EHLO client.example");
            assertEquals("503 5.5.1 Error: need MAIL command", client.command("RCPT TO:<echo@agents.test>"));
            assertEquals("503 5.5.1 Error: need MAIL command", client.command("DATA"));
            assertTrue(client.command("MAIL FROM <ann@example.org>").startsWith("501"), "no colon");
            assertTrue(client.command("MAIL FROM:<ann@example.org>").startsWith("250"));
            assertEquals("503 5.5.1 Sender already specified.", client.command("MAIL FROM:<ann@example.org>"));
            assertTrue(client.command("DATA").startsWith("503"), "no recipient yet");
            assertTrue(client.command("RCPT TO:<echo@agents.test>").startsWith("250"));
        }
    }

    @Test
    void aSilentClientIsDisconnectedAfterTheIdleTimeout() throws Exception {
        try (SmtpClient client = new SmtpClient(smtp.port())) {
            client.reply();
            client.command("EHLO client.example");
            String reply = client.reply(); // nothing sent: the next line is the server's timeout notice
            assertTrue(reply.startsWith("421"), reply);
            assertTrue(client.closedByServer());
        }
    }
}
