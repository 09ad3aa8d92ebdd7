package dev.mailroom.ingress.smtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.mailroom.stack.KafkaTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * Connection limits, checked before the greeting. Clients connect from several loopback addresses (127.0.0.x) to
 * stand for several client IPs. SubEthaSMTP closes the socket on QUIT a moment before the session ends and its
 * slot is freed, so a connection expected to take a freed slot is retried for a few seconds.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@TestProfile(ConnectionLimitsTest.SmallLimits.class)
class ConnectionLimitsTest {

    static final String REFUSED = "421 4.7.0 Too many connections, try again later";

    public static class SmallLimits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("mailroom.smtp.max-connections", "3", "mailroom.smtp.max-connections-per-ip", "2");
        }
    }

    @Inject
    SmtpServerLifecycle smtp;

    @Test
    void connectionOverThePerIpLimitIsRefusedBeforeTheGreetingAndClosed() throws Exception {
        List<SmtpClient> open = new ArrayList<>();
        try {
            open.add(greeted("127.0.0.1"));
            open.add(greeted("127.0.0.1"));
            try (SmtpClient third = new SmtpClient(smtp.port(), "127.0.0.1")) {
                assertEquals(REFUSED, third.reply());
                assertTrue(third.closedByServer(), "closed after the 421");
            }
            open.add(greeted("127.0.0.2")); // another address is still welcome
            open.remove(0).quit();
            open.add(greetedOnceFreed("127.0.0.1")); // a freed slot is reusable
        } finally {
            quitAll(open);
        }
    }

    @Test
    void connectionOverTheOverallLimitIsRefusedBeforeTheGreetingAndClosed() throws Exception {
        List<SmtpClient> open = new ArrayList<>();
        try {
            open.add(greetedOnceFreed("127.0.0.11")); // the previous test's sessions may still be ending
            open.add(greeted("127.0.0.12"));
            open.add(greeted("127.0.0.13"));
            try (SmtpClient fourth = new SmtpClient(smtp.port(), "127.0.0.14")) {
                assertEquals(REFUSED, fourth.reply());
                assertTrue(fourth.closedByServer(), "closed after the 421");
            }
            open.remove(0).quit();
            open.add(greetedOnceFreed("127.0.0.14"));
        } finally {
            quitAll(open);
        }
    }

    private SmtpClient greeted(String from) throws Exception {
        SmtpClient client = new SmtpClient(smtp.port(), from);
        String greeting = client.reply();
        assertTrue(greeting.startsWith("220 "), greeting);
        return client;
    }

    /** Connects until greeted, for at most 5 seconds: the slot being waited for is freed asynchronously. */
    private SmtpClient greetedOnceFreed(String from) throws Exception {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (true) {
            SmtpClient client = new SmtpClient(smtp.port(), from);
            String greeting = client.reply();
            if (greeting.startsWith("220 ")) {
                return client;
            }
            client.close();
            assertEquals(REFUSED, greeting);
            assertTrue(System.nanoTime() < deadline, "slot never freed");
            Thread.sleep(50);
        }
    }

    private static void quitAll(List<SmtpClient> clients) throws Exception {
        for (SmtpClient c : clients) {
            c.quit();
            c.close();
        }
    }
}
