package dev.mailroom.router.messaging;

import static dev.mailroom.router.messaging.TestInbound.deadLetterReason;
import static dev.mailroom.router.messaging.TestInbound.publish;
import static dev.mailroom.router.messaging.TestInbound.routedKey;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.mailroom.contract.AgentRecord;
import dev.mailroom.contract.Json;
import dev.mailroom.contract.Topics;
import dev.mailroom.platform.table.AgentTable;
import dev.mailroom.stack.KafkaTestClient;
import dev.mailroom.stack.KafkaTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Address names come from the agent registry (topic mailroom.agents), live: no router setting names them. */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
class AgentRegistryRoutingTest {

    private static final Duration WITHIN = Duration.ofSeconds(10);

    @Inject
    AgentTable agents;

    @Test
    void aClassRegisteredLaterIsRoutedByEachOfItsAddressesAndDeadLetteredOnceRemoved() {
        assertTrue(agents.loaded(), "the registry loads at startup");
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String className = "Triage" + suffix;
        String address = "triage-" + suffix;
        assertTrue(deadLetterReason(publish(address + "+t0@agents.test")).startsWith("unknown-agent"));

        KafkaTestClient.produce(Topics.AGENTS, className, Json.encode(AgentRecord.of(className,
                List.of(address, "help-" + suffix), AgentRecord.WEBHOOK, Instant.now())), null);
        await().atMost(WITHIN).until(() -> agents.classOf(address).isPresent());
        assertEquals(className + "/t1", routedKey(publish(address + "+t1@agents.test")));
        assertEquals(className + "/help-" + suffix, routedKey(publish("Help-" + suffix + "@agents.test")),
                "a second address name, any case, is its own instance");

        KafkaTestClient.produce(Topics.AGENTS, className, null, null);
        await().atMost(WITHIN).until(() -> agents.classOf(address).isEmpty());
        assertTrue(deadLetterReason(publish(address + "+t2@agents.test")).startsWith("unknown-agent"));
    }
}
