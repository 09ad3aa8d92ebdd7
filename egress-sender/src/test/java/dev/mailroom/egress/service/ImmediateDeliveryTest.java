package dev.mailroom.egress.service;

import static dev.mailroom.egress.support.Api.BOOTSTRAP;
import static dev.mailroom.egress.support.Api.message;
import static dev.mailroom.egress.support.Api.send;
import static dev.mailroom.egress.support.Api.sendAll;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

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
            // a claim of 64 KiB takes one of the large messages below at a time
            return Map.of("mailroom.egress.poll-interval", "1h", "mailroom.egress.claim-bytes", "64K");
        }
    }

    @Test
    void spooledMailIsDeliveredWithoutWaitingForThePoll() throws Exception {
        Thread.sleep(3000); // past the scheduler's first run (delayed 2 s); the next one is an hour away
        String id = send(Map.of("from", "app@mail.test", "to", "now@accept.test", "text", "now"));
        long start = System.nanoTime();
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200)).ignoreExceptions() // 404 until consumed
                .until(() -> !List.of("accepted", "queued").contains(message(BOOTSTRAP, id).getString("status")));
        var view = message(BOOTSTRAP, id);
        assertEquals("delivered", view.getString("status"), view.prettify());
        assertEquals(List.of("delivered"), view.getList("attempts.outcome"));
        assertTrue(System.nanoTime() - start < Duration.ofMinutes(30).toNanos(), "not the hourly poll");
    }

    /**
     * Large messages spooled together: each claim takes one (its byte budget), and the worker claims again at once
     * for the rest; waiting for the poll (an hour away) would leave them queued.
     */
    @Test
    void largeMessagesSpooledTogetherAreDeliveredClaimByClaimWithoutThePoll() throws Exception {
        Thread.sleep(3000); // past the scheduler's first run (delayed 2 s); the next one is an hour away
        String marker = UUID.randomUUID().toString();
        String text = "lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do\n".repeat(1600); // ~100 KB
        List<Map<String, Object>> batch = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            batch.add(Map.of("from", "app@mail.test", "to", "big" + i + "@accept.test", "subject", marker,
                    "text", text));
        }
        List<String> ids = sendAll(batch);
        assertEquals(4, ids.size());
        for (String id : ids) {
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                    .until(() -> "delivered".equals(message(BOOTSTRAP, id).getString("status")));
        }
        assertEquals(4, SmtpPeersResource.containing(marker).size());
    }
}
