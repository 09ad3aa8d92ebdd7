package dev.mailroom.ingress.smtp;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.mailroom.contract.DomainRecord;
import dev.mailroom.contract.Json;
import dev.mailroom.contract.Topics;
import dev.mailroom.platform.table.DomainTable;
import dev.mailroom.stack.KafkaTestClient;
import dev.mailroom.stack.KafkaTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Domains of the domain store (topic mailroom.domains) are accepted within seconds, and refused once removed. */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
class DomainStoreTest {

    private static final Duration WITHIN = Duration.ofSeconds(10);

    @Inject
    SmtpServerLifecycle smtp;

    @Inject
    DomainTable table;

    private String rcpt(String address) throws IOException {
        return SmtpClient.rcpt(smtp.port(), address);
    }

    @Test
    void aStoredDomainIsAcceptedAndARemovedOneRefusedAgain() throws Exception {
        assertTrue(table.loaded(), "the table is loaded before the listener starts");
        String domain = "store-" + UUID.randomUUID().toString().substring(0, 8) + ".test";
        assertEquals("550 5.7.1 Relay access denied", rcpt("agent@" + domain));

        KafkaTestClient.produce(Topics.DOMAINS, domain, Json.encode(DomainRecord.accepted(domain, Instant.now())),
                null);
        await().atMost(WITHIN).pollInterval(Duration.ofMillis(100))
                .until(() -> rcpt("agent@" + domain).startsWith("250"));
        assertTrue(rcpt("Agent@" + domain.toUpperCase()).startsWith("250"), "domains compare without case");

        KafkaTestClient.produce(Topics.DOMAINS, domain, null, null);
        await().atMost(WITHIN).pollInterval(Duration.ofMillis(100))
                .until(() -> rcpt("agent@" + domain).equals("550 5.7.1 Relay access denied"));
    }

    @Test
    void aRecordThatNoLongerAcceptsRemovesTheDomainAndGarbageIsIgnored() throws Exception {
        String domain = "store-" + UUID.randomUUID().toString().substring(0, 8) + ".test";
        KafkaTestClient.produce(Topics.DOMAINS, domain, "{not json".getBytes(), null);
        KafkaTestClient.produce(Topics.DOMAINS, domain, Json.encode(DomainRecord.accepted(domain, Instant.now())),
                null);
        await().atMost(WITHIN).until(() -> table.accepts(domain));
        KafkaTestClient.produce(Topics.DOMAINS, domain, Json.encode(new DomainRecord(DomainRecord.VERSION, domain,
                false, Instant.now())), null);
        await().atMost(WITHIN).until(() -> !table.accepts(domain));
        assertEquals("550 5.7.1 Relay access denied", rcpt("agent@" + domain));
        assertTrue(rcpt("echo@agents.test").startsWith("250"), "configured domains are unaffected");
    }
}
