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

/** {@code mailroom.smtp.max-commands-before-mail} = 5, with a raw socket client. */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@TestProfile(CommandBudgetTest.FiveCommands.class)
class CommandBudgetTest {

    static final String CLOSED = "421 4.7.0 Too many commands before MAIL, closing connection";

    public static class FiveCommands implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("mailroom.smtp.max-commands-before-mail", "5");
        }
    }

    @Inject
    SmtpServerLifecycle smtp;

    @Test
    void theSixthCommandWithoutMailClosesTheConnection() throws Exception {
        try (SmtpClient client = new SmtpClient(smtp.port())) {
            client.reply();
            assertTrue(client.command("HELO client.example").startsWith("250"));
            for (int i = 0; i < 4; i++) {
                assertTrue(client.command(i % 2 == 0 ? "NOOP" : "RSET").startsWith("250"));
            }
            assertEquals(CLOSED, client.command("NOOP"));
            assertTrue(client.closedByServer());
        }
    }

    @Test
    void aSuccessfulMailStartsTheCountAgainAndCommandsInsideATransactionAreFree() throws Exception {
        try (SmtpClient client = new SmtpClient(smtp.port())) {
            client.reply();
            assertTrue(client.command("HELO client.example").startsWith("250"));
            assertTrue(client.command("NOOP").startsWith("250"));
            assertTrue(client.command("NOOP").startsWith("250"));
            assertTrue(client.command("NOOP").startsWith("250"));
            assertTrue(client.command("MAIL FROM:<ann@example.org>").startsWith("250"), "the 5th command");
            for (int i = 0; i < 6; i++) {
                assertTrue(client.command("RCPT TO:<echo@agents.test>").startsWith("250"));
            }
            assertTrue(client.command("NOOP").startsWith("250"), "inside the transaction");
            assertTrue(client.command("RSET").startsWith("250"), "the last command inside, RSET ends it");
            for (int i = 0; i < 5; i++) {
                assertTrue(client.command("NOOP").startsWith("250"), "a fresh budget of 5");
            }
            assertEquals(CLOSED, client.command("NOOP"));
            assertTrue(client.closedByServer());
        }
    }

    @Test
    void quitIsAlwaysAnswered() throws Exception {
        try (SmtpClient client = new SmtpClient(smtp.port())) {
            client.reply();
            for (int i = 0; i < 5; i++) {
                client.command("NOOP");
            }
            assertTrue(client.command("QUIT").startsWith("221"));
        }
    }
}
