package dev.mailroom.ingress.smtp;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.mailroom.stack.KafkaTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** With a catch-all configured, the agent registry's address names do not refuse anything. */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@TestProfile(LocalPartsCatchAllTest.CatchAll.class)
class LocalPartsCatchAllTest {

    public static class CatchAll implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("mailroom.smtp.recipients.catch-all", "true");
        }
    }

    @Inject
    SmtpServerLifecycle smtp;

    @Test
    void unknownLocalPartIsAcceptedWhenACatchAllIsConfigured() throws Exception {
        try (SmtpClient client = new SmtpClient(smtp.port())) {
            client.reply();
            client.command("EHLO client.example");
            String reply = client.send("ann@example.org", new String[] { "nobody@agents.test" },
                    "From: ann@example.org\r\nSubject: caught\r\n\r\nfor the catch-all");
            assertTrue(reply.startsWith("250 2.0.0 Ok: queued as "), reply);
            client.quit();
        }
    }
}
