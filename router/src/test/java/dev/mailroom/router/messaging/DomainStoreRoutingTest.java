package dev.mailroom.router.messaging;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;


import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.mailroom.contract.DomainRecord;
import dev.mailroom.contract.Json;
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

    private static final Duration WITHIN = Duration.ofSeconds(10);

    @Inject
    DomainTable table;

    private static void assertDeadLetteredDomainNotAccepted(String rcpt) {
        String reason = TestInbound.deadLetterReason(TestInbound.publish(rcpt));
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
        assertEquals("Echo/t1", TestInbound.routedKey(TestInbound.publish("echo+t1@" + domain.toUpperCase())));

        KafkaTestClient.produce(Topics.DOMAINS, domain, null, null);
        await().atMost(WITHIN).pollInterval(Duration.ofMillis(100)).until(() -> !table.accepts(domain));
        assertDeadLetteredDomainNotAccepted("echo+after@" + domain);
    }
}
