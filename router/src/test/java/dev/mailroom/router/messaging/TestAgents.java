package dev.mailroom.router.messaging;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import dev.mailroom.contract.AgentRecord;
import dev.mailroom.contract.Json;
import dev.mailroom.contract.Topics;
import dev.mailroom.platform.table.AgentTable;
import dev.mailroom.stack.KafkaTestClient;

/** Registers agent classes the way agent-host does: records on the compacted topic mailroom.agents. */
final class TestAgents {

    private TestAgents() {
    }

    /** Registers {@code className} with {@code address} and waits until {@code table} has it. */
    static void register(AgentTable table, String className, String address) {
        KafkaTestClient.produce(Topics.AGENTS, className,
                Json.encode(AgentRecord.of(className, List.of(address), AgentRecord.JAVA, Instant.now())), null);
        await().atMost(Duration.ofSeconds(10)).until(() -> table.classOf(address).isPresent());
    }

    /** Echo (echo) and Support (support), the classes the flow tests route to. */
    static void registerEchoAndSupport(AgentTable table) {
        register(table, "Echo", "echo");
        register(table, "Support", "support");
    }
}
