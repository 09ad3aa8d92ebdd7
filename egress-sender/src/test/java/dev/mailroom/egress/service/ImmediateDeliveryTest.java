package dev.mailroom.egress.service;

import static dev.mailroom.egress.support.Api.BOOTSTRAP;
import static dev.mailroom.egress.support.Api.message;
import static dev.mailroom.egress.support.Api.send;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.mailroom.egress.support.DkimKeysResource;
import dev.mailroom.egress.support.SmtpPeersResource;
import dev.mailroom.stack.KafkaTestResource;
import dev.mailroom.stack.PostgresTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * Spooled mail is delivered at once, not at the worker's next poll: with the poll an hour apart, only the
 * spool-time trigger can deliver within seconds (it once failed on every call for want of a safe Vert.x context).
 */
@QuarkusTest
@TestProfile(ImmediateDeliveryTest.HourlyPoll.class)
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresTestResource.class)
@WithTestResource(SmtpPeersResource.class)
@WithTestResource(DkimKeysResource.class)
class ImmediateDeliveryTest {

    public static class HourlyPoll implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("mailroom.egress.poll-interval", "1h");
        }
    }

    @Test
    void spooledMailIsDeliveredWithoutWaitingForThePoll() throws Exception {
        Thread.sleep(3000); // past the scheduler's first run (delayed 2 s); the next one is an hour away
        String id = send(BOOTSTRAP, Map.of("from", "app@mail.test", "to", "now@accept.test", "text", "now"));
        long start = System.nanoTime();
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200))
                .until(() -> !List.of("accepted", "queued").contains(message(BOOTSTRAP, id).getString("status")));
        var view = message(BOOTSTRAP, id);
        assertEquals("delivered", view.getString("status"), view.prettify());
        assertEquals(List.of("delivered"), view.getList("attempts.outcome"));
        assertTrue(System.nanoTime() - start < Duration.ofMinutes(30).toNanos(), "not the hourly poll");
    }
}
