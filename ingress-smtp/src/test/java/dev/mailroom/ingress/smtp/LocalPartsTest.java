package dev.mailroom.ingress.smtp;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.mailroom.contract.AgentRecord;
import dev.mailroom.contract.Json;
import dev.mailroom.contract.Topics;
import dev.mailroom.platform.table.AgentTable;
import dev.mailroom.stack.KafkaTestClient;
import dev.mailroom.stack.KafkaTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * RCPT without a catch-all: the local parts accepted are the address names of the agent registry (topic
 * mailroom.agents), followed live.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@TestProfile(LocalPartsTest.RegistryOnly.class)
class LocalPartsTest {

    static final String UNKNOWN = "550 5.1.1 Recipient address rejected: User unknown";
    private static final Duration WITHIN = Duration.ofSeconds(10);

    public static class RegistryOnly implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("mailroom.smtp.recipients.catch-all", "false");
        }
    }

    @Inject
    SmtpServerLifecycle smtp;

    @Inject
    AgentTable agents;

    private static void register(String className, String... addresses) {
        KafkaTestClient.produce(Topics.AGENTS, className,
                Json.encode(AgentRecord.of(className, List.of(addresses), AgentRecord.JAVA, Instant.now())), null);
    }

    private String rcpt(String address) throws IOException {
        return SmtpClient.rcpt(smtp.port(), address);
    }

    @BeforeEach
    void registerEchoAndSupport() {
        register("Echo", "echo");
        register("Support", "Support");
        await().atMost(WITHIN).until(() -> agents.classOf("echo").isPresent() && agents.classOf("support").isPresent());
    }

    @Test
    void registeredAddressesAreAcceptedWithTagsAndInAnyCaseOthersAre550() throws Exception {
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
    void anAddressRegisteredLaterIsAcceptedAndRefusedAgainOnceItsClassIsRemoved() throws Exception {
        String name = "triage" + UUID.randomUUID().toString().substring(0, 8);
        String className = "Triage" + name.substring(6);
        assertEquals(UNKNOWN, rcpt(name + "@agents.test"));
        register(className, name);
        await().atMost(WITHIN).pollInterval(Duration.ofMillis(100))
                .until(() -> rcpt(name + "+t1@agents.test").startsWith("250"));
        KafkaTestClient.produce(Topics.AGENTS, className, null, null);
        await().atMost(WITHIN).pollInterval(Duration.ofMillis(100))
                .until(() -> rcpt(name + "@agents.test").equals(UNKNOWN));
        assertTrue(rcpt("echo@agents.test").startsWith("250"), "other classes are unaffected");
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
