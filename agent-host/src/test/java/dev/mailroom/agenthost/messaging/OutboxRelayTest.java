package dev.mailroom.agenthost.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.mailroom.agenthost.TestMail;
import dev.mailroom.agenthost.model.OutboxMessage;
import dev.mailroom.contract.Json;
import dev.mailroom.contract.MailroomEvent;
import dev.mailroom.contract.Ids;
import dev.mailroom.contract.Topics;
import dev.mailroom.stack.KafkaTestClient;
import dev.mailroom.stack.KafkaTestResource;
import dev.mailroom.stack.PostgresTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/** The two ways out of the outbox (ADR 0017); the test profile sets {@code mailroom.outbox.direct-grace=1h}. */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresTestResource.class)
class OutboxRelayTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    OutboxRelay relay;

    @Inject
    Pool pool;

    private OutboxMessage insert(Instant createdAt) {
        OutboxMessage m = new OutboxMessage();
        m.id = Ids.newId();
        // a valid event on the events topic: other tests read the topics this one writes to
        m.topic = Topics.EVENTS;
        m.payload = new String(Json.encode(MailroomEvent.of("test.outbox", m.id, "agent-host", Map.of())),
                StandardCharsets.UTF_8);
        m.createdAt = createdAt;
        pool.preparedQuery("insert into outbox_message (id, topic, payload, created_at) values ($1, $2, $3, $4)")
                .execute(Tuple.of(m.id, m.topic, m.payload, OffsetDateTime.ofInstant(createdAt, ZoneOffset.UTC)))
                .await().atMost(WAIT);
        return m;
    }

    private OffsetDateTime publishedAt(String id) {
        Row row = pool.preparedQuery("select published_at from outbox_message where id = $1").execute(Tuple.of(id))
                .await().atMost(WAIT).iterator().next();
        return row.getOffsetDateTime("published_at");
    }

    private static void awaitRecord(OutboxMessage m) {
        var records = KafkaTestClient.await(Topics.EVENTS, r -> m.id.equals(r.key()), 1, WAIT);
        assertEquals(m.payload, new String(records.get(0).value(), StandardCharsets.UTF_8));
    }

    @Test
    void committedRecordsArePublishedAndMarkedDirectlyWithoutWaitingForTheTimer() {
        OutboxMessage a = insert(Instant.now());
        OutboxMessage b = insert(Instant.now());
        relay.publishCommitted(List.of(a, b)); // fresh rows: the timer leaves them alone for an hour here
        awaitRecord(a);
        awaitRecord(b);
        await().atMost(WAIT).ignoreExceptions().until(() -> publishedAt(a.id) != null && publishedAt(b.id) != null);
    }

    /** Marks of records published one after the other share one UPDATE (one published_at), not one each. */
    @Test
    void marksOfRecordsPublishedInQuickSuccessionShareOneStatement() {
        List<OutboxMessage> records = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) {
            records.add(insert(Instant.now()));
        }
        // five publications, as five routed messages would make; their acknowledgements come within the delay
        // (mark-delay is 1 s in the tests), and without it the first would be marked alone
        records.forEach(m -> relay.publishCommitted(List.of(m)));
        records.forEach(OutboxRelayTest::awaitRecord);
        await().atMost(WAIT).ignoreExceptions().until(() -> records.stream().allMatch(m -> publishedAt(m.id) != null));
        assertEquals(1, records.stream().map(m -> publishedAt(m.id)).distinct().count(),
                "one UPDATE marked all five");
    }

    @Test
    void theTimerPublishesOnlyRecordsOlderThanTheGrace() {
        OutboxMessage old = insert(Instant.now().minus(Duration.ofHours(2))); // e.g. left by a crash
        OutboxMessage fresh = insert(Instant.now());
        awaitRecord(old);
        await().atMost(WAIT).ignoreExceptions().until(() -> publishedAt(old.id) != null);
        TestMail.inVertx(() -> relay.publishPending(Duration.ofHours(1))); // what the timer runs
        assertNull(publishedAt(fresh.id), "a fresh record is the direct publication's");
        TestMail.inVertx(() -> relay.publishPending()); // a trigger (schedules, drafts) takes every record
        await().atMost(WAIT).ignoreExceptions().until(() -> publishedAt(fresh.id) != null);
        awaitRecord(fresh);
    }
}
