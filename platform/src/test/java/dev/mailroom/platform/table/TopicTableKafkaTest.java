package dev.mailroom.platform.table;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.mailroom.contract.AgentRecord;
import dev.mailroom.contract.Json;
import dev.mailroom.contract.Topics;
import dev.mailroom.stack.KafkaTestResource;

/** A table of mailroom.agents against a real broker: load, follow, tombstones, listeners, publisher. */
class TopicTableKafkaTest {

    private static final Duration WITHIN = Duration.ofSeconds(15);

    private static TopicTable<AgentRecord> agents(String bootstrap) {
        return new TopicTable<>(bootstrap, Topics.AGENTS, "platform-test-" + UUID.randomUUID(),
                v -> Json.decode(v, AgentRecord.class, AgentRecord.VERSION), k -> k);
    }

    @Test
    void loadsWhatWasPublishedBeforeFollowsChangesAndForgetsTombstones() throws Exception {
        String bootstrap = KafkaTestResource.bootstrapServers();
        String before = "Before" + UUID.randomUUID().toString().substring(0, 8);
        String later = "Later" + UUID.randomUUID().toString().substring(0, 8);
        try (TablePublisher publisher = new TablePublisher(bootstrap, Topics.AGENTS, "platform-test-pub")) {
            publisher.send(before, Json.encode(AgentRecord.of(before, List.of(before), AgentRecord.JAVA,
                    Instant.now()))).toCompletableFuture().get(10, TimeUnit.SECONDS);
            try (TopicTable<AgentRecord> table = agents(bootstrap)) {
                List<String> changes = new CopyOnWriteArrayList<>();
                table.addListener((k, b, a) -> changes.add(k + (a == null ? "-" : "+")));
                table.start();
                assertTrue(table.awaitLoaded(WITHIN), "loads within seconds");
                assertTrue(table.whenLoaded().toCompletableFuture().isDone());
                assertEquals(Optional.of(List.of(before.toLowerCase())), table.get(before).map(AgentRecord::addresses),
                        "what was there before is there once loaded");
                assertTrue(changes.contains(before + "+"), "listeners see the first load too");

                publisher.send(later, Json.encode(AgentRecord.of(later, List.of("x"), AgentRecord.WEBHOOK,
                        Instant.now()))).toCompletableFuture().get(10, TimeUnit.SECONDS);
                await().atMost(WITHIN).until(() -> table.get(later).isPresent());
                publisher.send(later, null).toCompletableFuture().get(10, TimeUnit.SECONDS);
                await().atMost(WITHIN).until(() -> table.get(later).isEmpty());
                assertTrue(changes.containsAll(List.of(later + "+", later + "-")), changes.toString());
            }
        }
    }

    @Test
    void aTableOfATopicThatDoesNotExistIsNotLoaded() throws Exception {
        try (TopicTable<AgentRecord> table = new TopicTable<>(KafkaTestResource.bootstrapServers(),
                "mailroom.test.absent-" + UUID.randomUUID(), "platform-test", v -> null, k -> k)) {
            table.start();
            assertFalse(table.awaitLoaded(Duration.ofSeconds(2)));
            assertFalse(table.loaded());
        }
    }
}
