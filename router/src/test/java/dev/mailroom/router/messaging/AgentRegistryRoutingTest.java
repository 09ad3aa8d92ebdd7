package dev.mailroom.router.messaging;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

import dev.mailroom.contract.AgentRecord;
import dev.mailroom.contract.DeadLetter;
import dev.mailroom.contract.Envelope;
import dev.mailroom.contract.Ids;
import dev.mailroom.contract.Json;
import dev.mailroom.contract.KafkaHeaders;
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

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Duration WITHIN = Duration.ofSeconds(10);

    @Inject
    AgentTable agents;

    private static String publishRaw(String rcpt) {
        String id = Ids.newId();
        RecordHeaders headers = new RecordHeaders();
        new Envelope(id, "ann@example.org", List.of(rcpt), "192.0.2.1", "client.example", false, Instant.now())
                .writeTo(headers);
        String raw = "From: Ann <ann@example.org>\r\nTo: " + rcpt + "\r\nSubject: hello\r\nMessage-ID: <" + id
                + "@example.org>\r\n\r\nbody\r\n";
        KafkaTestClient.produce(Topics.INBOUND_RECEIVED, id, raw.getBytes(StandardCharsets.UTF_8), headers);
        return id;
    }

    private static String routedKey(String id) {
        return KafkaTestClient.await(Topics.INBOUND_ROUTED,
                r -> new String(r.value(), StandardCharsets.UTF_8).contains(id), 1, WAIT).get(0).key();
    }

    private static String deadLetterReason(String id) {
        List<ConsumerRecord<String, byte[]>> dead = KafkaTestClient.await(Topics.dlq(Topics.INBOUND_RECEIVED),
                r -> id.equals(r.key()), 1, WAIT);
        return DeadLetter.header(dead.get(0).headers(), KafkaHeaders.DEAD_LETTER_REASON);
    }

    @Test
    void aClassRegisteredLaterIsRoutedByEachOfItsAddressesAndDeadLetteredOnceRemoved() {
        assertTrue(agents.loaded(), "the registry loads at startup");
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String className = "Triage" + suffix;
        String address = "triage-" + suffix;
        assertTrue(deadLetterReason(publishRaw(address + "+t0@agents.test")).startsWith("unknown-agent"));

        KafkaTestClient.produce(Topics.AGENTS, className, Json.encode(AgentRecord.of(className,
                List.of(address, "help-" + suffix), AgentRecord.WEBHOOK, Instant.now())), null);
        await().atMost(WITHIN).until(() -> agents.classOf(address).isPresent());
        assertEquals(className + "/t1", routedKey(publishRaw(address + "+t1@agents.test")));
        assertEquals(className + "/help-" + suffix, routedKey(publishRaw("Help-" + suffix + "@agents.test")),
                "a second address name, any case, is its own instance");

        KafkaTestClient.produce(Topics.AGENTS, className, null, null);
        await().atMost(WITHIN).until(() -> agents.classOf(address).isEmpty());
        assertTrue(deadLetterReason(publishRaw(address + "+t2@agents.test")).startsWith("unknown-agent"));
    }
}
