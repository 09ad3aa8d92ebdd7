package dev.mailroom.ingress.smtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * With no broker reachable, DATA must end in a temporary failure, never in 250; and submission AUTH is a temporary
 * failure too: the key table cannot load, so no key can be told valid or not.
 */
@QuarkusTest
@TestProfile(KafkaDownTest.NoBroker.class)
class KafkaDownTest {

    public static class NoBroker implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("kafka.bootstrap.servers", "127.0.0.1:" + closedPort(),
                    "mailroom.kafka.delivery-timeout", "3s",
                    "mailroom.smtp.kafka-ack-timeout", "8s",
                    "mailroom.smtp.submission.enabled", "true",
                    "mailroom.smtp.submission.port", "0");
        }
    }

    @Inject
    SmtpServerLifecycle smtp;

    @Test
    void dataIsTemporarilyRefusedWhenKafkaDoesNotAcknowledge() throws Exception {
        try (SmtpClient client = new SmtpClient(smtp.port())) {
            client.reply();
            client.command("EHLO client.example");
            String reply = client.send("ann@example.org", new String[] { "echo@agents.test" },
                    "From: ann@example.org\r\nSubject: lost?\r\n\r\nmust not be lost");
            assertEquals("451 4.3.0 Temporary failure, please try again later", reply);
            assertTrue(client.command("NOOP").startsWith("250"), "the session survives a 451");
        }
    }

    @Test
    void submissionAuthIs454WhileTheKeyTableCannotLoad() throws Exception {
        try (SmtpClient client = new SmtpClient(smtp.submissionPort())) {
            client.reply();
            assertTrue(client.startTlsAfterEhlo());
            client.write("EHLO app.example\r\n");
            client.fullReply();
            String key = Base64.getEncoder().encodeToString("\0x\0mr_somekey_secret".getBytes(StandardCharsets.UTF_8));
            assertEquals("454 4.7.0 Temporary authentication failure", client.command("AUTH PLAIN " + key));
        }
    }

    private static int closedPort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
