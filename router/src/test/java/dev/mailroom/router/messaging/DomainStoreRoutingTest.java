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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.mailroom.contract.DeadLetter;
import dev.mailroom.contract.DomainRecord;
import dev.mailroom.contract.Envelope;
import dev.mailroom.contract.Ids;
import dev.mailroom.contract.Json;
import dev.mailroom.contract.KafkaHeaders;
import dev.mailroom.contract.Topics;
import dev.mailroom.platform.table.AgentTable;
import dev.mailroom.platform.table.DomainTable;
import dev.mailroom.stack.KafkaTestClient;
import dev.mailroom.stack.KafkaTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Domains of the domain store (topic mailroom.domains) are routed besides the configured ones. */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
class DomainStoreRoutingTest {

    @Inject
    AgentTable agents;

    @BeforeEach
    void registerAgents() {
        TestAgents.registerEchoAndSupport(agents);
    }

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Duration WITHIN = Duration.ofSeconds(10);

    @Inject
    DomainTable table;

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

    private static void assertDeadLetteredDomainNotAccepted(String rcpt) {
        String id = publishRaw(rcpt);
        List<ConsumerRecord<String, byte[]>> dead = KafkaTestClient.await(Topics.dlq(Topics.INBOUND_RECEIVED),
                r -> id.equals(r.key()), 1, WAIT);
        String reason = DeadLetter.header(dead.get(0).headers(), KafkaHeaders.DEAD_LETTER_REASON);
        assertTrue(reason.startsWith("domain-not-accepted"), reason);
    }

    @Test
    void aStoredDomainIsRoutedAndARemovedOneDeadLetteredAgain() {
        assertTrue(table.loaded(), "the table loads at startup");
        String domain = "store-" + UUID.randomUUID().toString().substring(0, 8) + ".test";
        assertDeadLetteredDomainNotAccepted("echo+before@" + domain);

        KafkaTestClient.produce(Topics.DOMAINS, domain, Json.encode(DomainRecord.accepted(domain, Instant.now())),
                null);
        await().atMost(WITHIN).pollInterval(Duration.ofMillis(100)).until(() -> table.accepts(domain));
        String id = publishRaw("echo+t1@" + domain.toUpperCase());
        List<ConsumerRecord<String, byte[]>> routed = KafkaTestClient.await(Topics.INBOUND_ROUTED,
                r -> new String(r.value(), StandardCharsets.UTF_8).contains(id), 1, WAIT);
        assertEquals("Echo/t1", routed.get(0).key());

        KafkaTestClient.produce(Topics.DOMAINS, domain, null, null);
        await().atMost(WITHIN).pollInterval(Duration.ofMillis(100)).until(() -> !table.accepts(domain));
        assertDeadLetteredDomainNotAccepted("echo+after@" + domain);
    }
}
