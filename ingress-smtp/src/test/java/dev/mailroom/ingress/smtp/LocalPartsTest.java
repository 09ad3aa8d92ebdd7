package dev.mailroom.ingress.smtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.mailroom.stack.KafkaTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** RCPT with a configured list of local parts ({@code echo}, {@code support}) and no catch-all. */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@TestProfile(LocalPartsTest.KnownAgents.class)
class LocalPartsTest {

    static final String UNKNOWN = "550 5.1.1 Recipient address rejected: User unknown";

    public static class KnownAgents implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("mailroom.smtp.recipients.local-parts", "echo, Support");
        }
    }

    @Inject
    SmtpServerLifecycle smtp;

    @Test
    void knownLocalPartsAreAcceptedWithTagsAndInAnyCaseOthersAre550() throws Exception {
        try (SmtpClient client = new SmtpClient(smtp.port())) {
            client.reply();
            client.command("EHLO client.example");
            assertTrue(client.command("MAIL FROM:<ann@example.org>").startsWith("250"));
            assertEquals(UNKNOWN, client.command("RCPT TO:<nobody@agents.test>"));
            assertEquals(UNKNOWN, client.command("RCPT TO:<echoes@agents.test>"));
            assertTrue(client.command("RCPT TO:<echo@agents.test>").startsWith("250"));
            assertTrue(client.command("RCPT TO:<Echo+t1@OTHER.test>").startsWith("250"));
            assertTrue(client.command("RCPT TO:<support+ticket-9@agents.test>").startsWith("250"));
            assertTrue(client.command("RCPT TO:<PostMaster@agents.test>").startsWith("250"), "RFC 5321 4.5.1");
            assertEquals("550 5.7.1 Relay access denied", client.command("RCPT TO:<nobody@gmail.example>"),
                    "the domain is judged first");
            client.quit();
        }
    }

    @Test
    void aTransactionWithOnlyUnknownRecipientsHasNoDataToSend() throws Exception {
        try (SmtpClient client = new SmtpClient(smtp.port())) {
            client.reply();
            client.command("EHLO client.example");
            String reply = client.send("ann@example.org", new String[] { "nobody@agents.test" }, "Subject: x\r\n\r\ny");
            assertEquals(UNKNOWN, reply);
            assertTrue(client.command("DATA").startsWith("503"), "no valid recipients");
            client.quit();
        }
    }
}
